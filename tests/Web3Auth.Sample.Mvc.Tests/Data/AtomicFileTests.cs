using System.Text;
using Web3Auth.Sample.Mvc.Data;

namespace Web3Auth.Sample.Mvc.Tests.Data;

public sealed class AtomicFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("web3auth-atomic-");

    [Fact]
    public async Task Writing_creates_the_folder_and_replaces_the_content_leaving_no_temporary_file()
    {
        var path = Path.Combine(_folder.FullName, "nested", "profile.json");

        await AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes("first, and longer"), CancellationToken.None);
        await AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes("second"), CancellationToken.None);

        Assert.Equal("second", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task A_failed_write_keeps_the_old_content_and_cleans_up()
    {
        var path = Path.Combine(_folder.FullName, "notes.json");
        await AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes("old"), CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            AtomicFile.WriteAllBytesAsync(path, new byte[1 << 20], new CancellationToken(canceled: true)));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_folder.FullName));
    }

    [Fact]
    public async Task Readers_racing_a_writer_see_a_whole_old_or_a_whole_new_document()
    {
        var path = Path.Combine(_folder.FullName, "race.json");
        var small = Encoding.UTF8.GetBytes(new string('a', 10));
        var large = Encoding.UTF8.GetBytes(new string('b', 200_000));
        await AtomicFile.WriteAllBytesAsync(path, small, CancellationToken.None);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await AtomicFile.WriteAllBytesAsync(path, i % 2 == 0 ? large : small, CancellationToken.None);
            }
        });

        var reads = 0;
        while (!writer.IsCompleted)
        {
            var text = await File.ReadAllTextAsync(path);
            Assert.True(text == new string('a', 10) || text == new string('b', 200_000), $"torn read of {text.Length} characters");
            reads++;
        }

        await writer;
        Assert.True(reads > 0);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
