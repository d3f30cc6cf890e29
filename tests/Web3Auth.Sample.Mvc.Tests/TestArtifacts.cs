namespace Web3Auth.Sample.Mvc.Tests;

/// <summary>Where tests leave files for people: TestResults/ beside the test project (ignored by git).</summary>
public static class TestArtifacts
{
    /// <summary>The folder for screenshots, created on first use.</summary>
    public static string Screenshots => Folder("screenshots");

    /// <summary>The repository root (the folder of Web3Auth.AspNetCore.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Web3Auth.AspNetCore.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("Cannot find Web3Auth.AspNetCore.sln above " + AppContext.BaseDirectory);
        }
    }

    private static string Folder(string name)
    {
        var path = Path.Combine(RepositoryRoot, "tests", "Web3Auth.Sample.Mvc.Tests", "TestResults", name);
        Directory.CreateDirectory(path);
        return path;
    }
}
