using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Web3Auth.Testing;

/// <summary>
/// A real Redis Cluster on loopback: redis-server processes with <c>cluster-enabled yes</c> (each with its own bus
/// port), joined by <c>redis-cli --cluster create … --cluster-replicas 1</c>, ready once every node says
/// <c>cluster_state:ok</c> and every replica is in sync. A primary can be failed over gracefully (<c>CLUSTER
/// FAILOVER</c> on its replica) or killed, and the calls return once a replica has taken its slots over.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);
    private readonly string _directory;
    private ConnectionMultiplexer? _admin;

    private RedisCluster(string directory, IReadOnlyList<RedisServer> nodes)
    {
        _directory = directory;
        Nodes = nodes;
    }

    public IReadOnlyList<RedisServer> Nodes { get; }

    /// <summary>Every node's endpoint: the client discovers the rest of the cluster from any of them.</summary>
    public string Configuration => string.Join(",", Nodes.Select(n => "127.0.0.1:" + n.Port.ToString(CultureInfo.InvariantCulture))) + ",connectTimeout=5000";

    public static async Task<RedisCluster> StartAsync(int primaries = 3, int replicasEach = 1)
    {
        var directory = Directory.CreateTempSubdirectory("web3auth-cluster-").FullName;
        var nodes = new List<RedisServer>();
        for (var i = 0; i < primaries * (1 + replicasEach); i++)
        {
            var port = RedisServer.FreePort();
            nodes.Add(await RedisServer.StartAsync(port: port, arguments:
            [
                "--cluster-enabled", "yes",
                "--cluster-config-file", Path.Combine(directory, $"nodes-{port}.conf"),
                "--cluster-port", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture),
                "--cluster-node-timeout", "1000",
                "--cluster-replica-validity-factor", "0",
                "--dir", directory,
            ]));
        }

        var cluster = new RedisCluster(directory, nodes);
        try
        {
            List<string> create = ["--cluster", "create", .. nodes.Select(n => "127.0.0.1:" + n.Port.ToString(CultureInfo.InvariantCulture)), "--cluster-replicas", replicasEach.ToString(CultureInfo.InvariantCulture), "--cluster-yes"];
            using var cli = Process.Start(new ProcessStartInfo("redis-cli", create) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = cli.StandardOutput.ReadToEndAsync();
            var errors = cli.StandardError.ReadToEndAsync();
            using (var timeout = new CancellationTokenSource(ReadyWithin))
            {
                await cli.WaitForExitAsync(timeout.Token);
            }

            if (cli.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({cli.ExitCode}): {await output} {await errors}");
            }

            await cluster.WaitUntilReadyAsync(primaries, replicasEach);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection of the test's own (admin commands allowed) to every node.</summary>
    public async Task<ConnectionMultiplexer> AdminAsync() =>
        _admin ??= await ConnectionMultiplexer.ConnectAsync(Configuration + ",allowAdmin=true,abortConnect=false");

    /// <summary>
    /// Runs a command on one node over a plain socket (RESP), so it goes to that node alone: a StackExchange.Redis
    /// connection would discover and connect to the whole cluster. Returns the reply as text (arrays space-joined).
    /// </summary>
    public static async Task<string> CommandAsync(RedisServer node, params object[] command)
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(System.Net.IPAddress.Loopback, node.Port, timeout.Token);
        var stream = client.GetStream();
        var request = new System.Text.StringBuilder().Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture)!))
        {
            request.Append('$').Append(System.Text.Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(request.ToString()), timeout.Token);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return await ReadReplyAsync(reader, timeout.Token);
    }

    private static async Task<string> ReadReplyAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("connection closed");
        switch (line[0])
        {
            case '+' or ':':
                return line[1..];
            case '-':
                throw new InvalidOperationException("Redis: " + line[1..]);
            case '$':
                var length = int.Parse(line[1..], CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return "";
                }

                var buffer = new char[length + 2];
                var read = 0;
                while (read < buffer.Length)
                {
                    read += await reader.ReadAsync(buffer.AsMemory(read), cancellationToken);
                }

                return new string(buffer, 0, length);
            case '*':
                var parts = new List<string>();
                for (var i = int.Parse(line[1..], CultureInfo.InvariantCulture); i > 0; i--)
                {
                    parts.Add(await ReadReplyAsync(reader, cancellationToken));
                }

                return string.Join(' ', parts);
            default:
                throw new IOException("unexpected reply: " + line);
        }
    }

    /// <summary>The primary that serves <paramref name="key"/>'s slot, as CLUSTER NODES on a live node says.</summary>
    public async Task<RedisServer> PrimaryOfAsync(RedisKey key)
    {
        var admin = await AdminAsync();
        var slot = admin.HashSlot(key);
        foreach (var (node, line) in await NodesAsync())
        {
            if (line.Contains("master", StringComparison.Ordinal) && !line.Contains("fail", StringComparison.Ordinal)
                && line.Split(' ').Skip(8).Any(range => InRange(range, slot)))
            {
                return node;
            }
        }

        throw new InvalidOperationException($"no live primary serves slot {slot}");
    }

    /// <summary>Gracefully hands <paramref name="primary"/>'s slots to its replica; returns the new primary.</summary>
    public async Task<RedisServer> FailOverAsync(RedisServer primary)
    {
        var replica = await ReplicaOfAsync(primary);
        await CommandAsync(replica, "CLUSTER", "FAILOVER");
        await WaitUntilAsync(async () => (await CommandAsync(replica, "ROLE")).StartsWith("master", StringComparison.Ordinal) && await AllOkAsync(), "the replica never took over");
        return replica;
    }

    /// <summary>SIGKILLs <paramref name="primary"/> and waits until its replica has been promoted; returns that replica.</summary>
    public async Task<RedisServer> KillAsync(RedisServer primary)
    {
        var replica = await ReplicaOfAsync(primary);
        await primary.KillAsync();
        await WaitUntilAsync(async () => (await CommandAsync(replica, "ROLE")).StartsWith("master", StringComparison.Ordinal) && await AllOkAsync(), "no replica was promoted");
        return replica;
    }

    /// <summary>Starts a killed node again: it rejoins the cluster (its nodes.conf is kept) as a replica of whoever took its slots.</summary>
    public async Task RejoinAsync(RedisServer node)
    {
        await node.RestartAsync();
        await WaitUntilAsync(async () =>
        {
            var info = await CommandAsync(node, "INFO", "replication");
            return Field(info, "role") == "slave" && Field(info, "master_link_status") == "up" && await AllOkAsync();
        }, "the node never rejoined as a replica");
    }

    /// <summary>Waits until every replica has every write its primary acknowledged (replication offsets equal).</summary>
    public async Task WaitForReplicationAsync()
    {
        await WaitUntilAsync(async () =>
        {
            foreach (var node in Live())
            {
                var info = await CommandAsync(node, "INFO", "replication");
                if (Field(info, "role") == "slave" && (Field(info, "master_link_status") != "up" || Field(info, "slave_repl_offset") != await PrimaryOffsetAsync(info)))
                {
                    return false;
                }
            }

            return true;
        }, "replication never caught up");

        async Task<string?> PrimaryOffsetAsync(string replicaInfo)
        {
            var port = int.Parse(Field(replicaInfo, "master_port")!, CultureInfo.InvariantCulture);
            return Field(await CommandAsync(Nodes.Single(n => n.Port == port), "INFO", "replication"), "master_repl_offset");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private IEnumerable<RedisServer> Live() => Nodes.Where(n => n.IsRunning);

    private async Task<RedisServer> ReplicaOfAsync(RedisServer primary)
    {
        var lines = await NodesAsync();
        var id = lines.Single(l => l.Node == primary).Line.Split(' ')[0];
        return lines.First(l => l.Line.Split(' ')[3] == id && !l.Line.Contains("fail", StringComparison.Ordinal)).Node;
    }

    // Each live node's own line of CLUSTER NODES (the one marked myself).
    private async Task<List<(RedisServer Node, string Line)>> NodesAsync()
    {
        var lines = new List<(RedisServer, string)>();
        foreach (var node in Live())
        {
            var mine = (await CommandAsync(node, "CLUSTER", "NODES")).Split('\n').Single(l => l.Contains("myself", StringComparison.Ordinal));
            lines.Add((node, mine));
        }

        return lines;
    }

    private async Task WaitUntilReadyAsync(int primaries, int replicasEach) =>
        await WaitUntilAsync(async () =>
        {
            if (!await AllOkAsync())
            {
                return false;
            }

            var roles = await Task.WhenAll(Live().Select(n => CommandAsync(n, "INFO", "replication")));
            return roles.Count(r => Field(r, "role") == "master") == primaries
                && roles.Count(r => Field(r, "role") == "slave" && Field(r, "master_link_status") == "up") == primaries * replicasEach;
        }, "the cluster never became ready");

    private async Task<bool> AllOkAsync()
    {
        foreach (var node in Live())
        {
            var info = await CommandAsync(node, "CLUSTER", "INFO");
            if (Field(info, "cluster_state") != "ok" || Field(info, "cluster_known_nodes") != Nodes.Count.ToString(CultureInfo.InvariantCulture))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > ReadyWithin)
            {
                throw new TimeoutException($"{failure} within {ReadyWithin.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }

    private static bool InRange(string range, int slot)
    {
        var bounds = range.Split('-');
        return int.TryParse(bounds[0], CultureInfo.InvariantCulture, out var from)
            && slot >= from && slot <= (bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : from);
    }

    private static string? Field(string info, string name) =>
        info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..];
}
