using System.Net;
using StackExchange.Redis;

namespace Web3Auth.AspNetCore.Redis;

/// <summary>What the client knows of a Redis Cluster's layout: the primaries that hold slots now.</summary>
internal static class ClusterLayout
{
    /// <summary>
    /// The endpoints of the primaries that hold slots, as the last <c>CLUSTER NODES</c> the client read says (a primary
    /// that failed over no longer holds any); <see langword="null"/> outside a Cluster; empty while the layout is unknown.
    /// </summary>
    public static EndPoint[]? Primaries(IConnectionMultiplexer connection)
    {
        var servers = connection.GetServers();
        if (!servers.Any(server => server.ServerType == ServerType.Cluster))
        {
            return null;
        }

        var layout = servers.Where(server => server.IsConnected).Select(server => server.ClusterConfiguration).FirstOrDefault(known => known is not null);
        return layout?.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0 && node.EndPoint is not null).Select(node => node.EndPoint!).ToArray() ?? [];
    }
}
