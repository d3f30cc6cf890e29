using System.Security.Cryptography;
using Web3Auth.Client;

namespace Web3Auth.Sample.Worker;

/// <summary>
/// The worker's session key: a P-256 key pair kept as PKCS#8 (PEM) in <c>{DataPath}/worker-key.pem</c>, made on first
/// start, readable by the worker's user only. The private key is used in this process and never sent anywhere; only
/// its public JWK is published. Delete the file to give the worker a new key (every delegation to the old one then
/// stops working with it).
/// </summary>
internal static class WorkerKeyFile
{
    public const string FileName = "worker-key.pem";

    public static Web3SessionKey LoadOrCreate(string folder, out bool created)
    {
        var path = Path.Combine(folder, FileName);
        var ecdsa = ECDsa.Create();
        try
        {
            if (File.Exists(path))
            {
                ecdsa.ImportFromPem(File.ReadAllText(path));
                created = false;
            }
            else
            {
                ecdsa.GenerateKey(ECCurve.NamedCurves.nistP256);
                Directory.CreateDirectory(folder);
                Write(path, ecdsa.ExportPkcs8PrivateKeyPem());
                created = true;
            }

            return Web3SessionKey.FromECDsa(ecdsa);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    private static void Write(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        file.Write(pem);
    }
}
