using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Web3Auth.Sample.Mvc.Tests.Telemetry;

/// <summary>A span as an OTLP/HTTP request carried it, with the resource's service name and the scope that made it.</summary>
public sealed record OtlpSpan(string ServiceName, string Scope, string Name, string TraceId, string SpanId, string ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes, int StatusCode);

/// <summary>A metric as an OTLP/HTTP request carried it.</summary>
public sealed record OtlpMetric(string Scope, string Name, string Unit);

/// <summary>
/// A real OTLP/HTTP receiver on a free loopback port (Kestrel): accepts <c>POST /v1/traces</c>, <c>/v1/metrics</c> and
/// <c>/v1/logs</c> in protobuf (http/protobuf), answers 200 with an empty export response, and decodes the spans and
/// metric names it received with a small protobuf wire-format reader (the OTLP proto files: opentelemetry-proto,
/// trace/v1 and metrics/v1). Keeps every body as received, so tests can search it for what must never be sent.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SemaphoreSlim _received = new(0);

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<OtlpSpan> Spans { get; } = new();

    public ConcurrentQueue<OtlpMetric> Metrics { get; } = new();

    /// <summary>Every request body, by path.</summary>
    public ConcurrentQueue<(string Path, byte[] Body)> Bodies { get; } = new();

    /// <summary>The base endpoint, e.g. http://127.0.0.1:41234 (the exporter appends /v1/traces and the others).</summary>
    public string Endpoint => _app.Urls.Single();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Not the sample's appsettings.json (copied next to the tests), whose AllowedHosts is localhost only.
        builder.Configuration["AllowedHosts"] = "127.0.0.1";
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds over what was received, checking after each request.</summary>
    public async Task WaitUntilAsync(Func<OtlpReceiver, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition(this))
        {
            try
            {
                await _received.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The receiver got no {what} within {timeout.TotalSeconds} s; spans: {string.Join(", ", Spans.Select(s => s.Scope + "/" + s.Name))}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _received.Dispose();
    }

    private async Task<IResult> ReceiveAsync(string signal, HttpContext context)
    {
        if (!string.Equals(context.Request.ContentType, "application/x-protobuf", StringComparison.Ordinal))
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        Bodies.Enqueue((context.Request.Path, body));
        switch (signal)
        {
            case "traces":
                ReadTraces(body);
                break;
            case "metrics":
                ReadMetrics(body);
                break;
        }

        _received.Release();
        // An empty Export*ServiceResponse: everything accepted.
        return Results.Bytes([], "application/x-protobuf");
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
    private void ReadTraces(byte[] body)
    {
        foreach (var (field, resourceSpans) in Protobuf.Fields(body))
        {
            if (field != 1)
            {
                continue;
            }

            var service = "";
            var scopes = new List<byte[]>();
            foreach (var (f, value) in Protobuf.Fields(resourceSpans))
            {
                if (f == 1)
                {
                    service = ReadResourceServiceName(value);
                }
                else if (f == 2)
                {
                    scopes.Add(value);
                }
            }

            foreach (var scopeSpans in scopes)
            {
                var scope = "";
                foreach (var (f, value) in Protobuf.Fields(scopeSpans))
                {
                    if (f == 1)
                    {
                        scope = ReadScopeName(value);
                    }
                    else if (f == 2)
                    {
                        Spans.Enqueue(ReadSpan(service, scope, value));
                    }
                }
            }
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; repeated KeyValue attributes = 9; Status status = 15; }
    // Status { string message = 2; StatusCode code = 3; }
    private static OtlpSpan ReadSpan(string service, string scope, byte[] span)
    {
        string traceId = "", spanId = "", parentSpanId = "", name = "";
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var status = 0;
        foreach (var (f, value) in Protobuf.Fields(span))
        {
            switch (f)
            {
                case 1: traceId = Convert.ToHexStringLower(value); break;
                case 2: spanId = Convert.ToHexStringLower(value); break;
                case 4: parentSpanId = Convert.ToHexStringLower(value); break;
                case 5: name = Encoding.UTF8.GetString(value); break;
                case 9:
                    var (key, text) = ReadKeyValue(value);
                    attributes[key] = text;
                    break;
                case 15:
                    status = (int)Protobuf.Varints(value).Where(v => v.Field == 3).Select(v => v.Value).FirstOrDefault();
                    break;
            }
        }

        return new OtlpSpan(service, scope, name, traceId, spanId, parentSpanId, attributes, status);
    }

    // ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
    // ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
    // ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }  Metric { string name = 1; string unit = 3; }
    private void ReadMetrics(byte[] body)
    {
        foreach (var (_, resourceMetrics) in Protobuf.Fields(body).Where(f => f.Field == 1))
        {
            foreach (var (_, scopeMetrics) in Protobuf.Fields(resourceMetrics).Where(f => f.Field == 2))
            {
                var fields = Protobuf.Fields(scopeMetrics).ToList();
                var scope = fields.Where(f => f.Field == 1).Select(f => ReadScopeName(f.Value)).FirstOrDefault() ?? "";
                foreach (var (_, metric) in fields.Where(f => f.Field == 2))
                {
                    var m = Protobuf.Fields(metric).ToList();
                    string Text(int field) => m.Where(x => x.Field == field).Select(x => Encoding.UTF8.GetString(x.Value)).FirstOrDefault() ?? "";
                    Metrics.Enqueue(new OtlpMetric(scope, Text(1), Text(3)));
                }
            }
        }
    }

    // InstrumentationScope { string name = 1; }
    private static string ReadScopeName(byte[] scope) =>
        Protobuf.Fields(scope).Where(f => f.Field == 1).Select(f => Encoding.UTF8.GetString(f.Value)).FirstOrDefault() ?? "";

    // Resource { repeated KeyValue attributes = 1; }
    private static string ReadResourceServiceName(byte[] resource) =>
        Protobuf.Fields(resource).Where(f => f.Field == 1).Select(f => ReadKeyValue(f.Value)).FirstOrDefault(kv => kv.Key == "service.name").Value ?? "";

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; }
    private static (string Key, string Value) ReadKeyValue(byte[] keyValue)
    {
        string key = "", text = "";
        foreach (var (f, value) in Protobuf.Fields(keyValue))
        {
            if (f == 1)
            {
                key = Encoding.UTF8.GetString(value);
            }
            else if (f == 2)
            {
                foreach (var (vf, v) in Protobuf.Fields(value))
                {
                    text = vf == 1 ? Encoding.UTF8.GetString(v) : text;
                }

                foreach (var (vf, v) in Protobuf.Varints(value))
                {
                    text = vf switch
                    {
                        2 => v != 0 ? "true" : "false",
                        3 => ((long)v).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => text,
                    };
                }
            }
        }

        return (key, text);
    }

    /// <summary>The protobuf wire format, as far as OTLP needs it: fields of a message, length-delimited or varint.</summary>
    private static class Protobuf
    {
        /// <summary>The length-delimited fields (messages, strings, bytes) of a message, in order.</summary>
        public static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message) =>
            Read(message).Where(f => f.Bytes is not null).Select(f => (f.Field, f.Bytes!));

        /// <summary>The varint fields (integers, enums, bools) of a message, in order.</summary>
        public static IEnumerable<(int Field, ulong Value)> Varints(byte[] message) =>
            Read(message).Where(f => f.Bytes is null && f.IsVarint).Select(f => (f.Field, f.Varint));

        private static List<(int Field, byte[]? Bytes, bool IsVarint, ulong Varint)> Read(byte[] message)
        {
            var fields = new List<(int, byte[]?, bool, ulong)>();
            var i = 0;
            while (i < message.Length)
            {
                var tag = ReadVarint(message, ref i);
                var field = (int)(tag >> 3);
                switch (tag & 7)
                {
                    case 0:
                        fields.Add((field, null, true, ReadVarint(message, ref i)));
                        break;
                    case 1:
                        i += 8;
                        fields.Add((field, null, false, 0));
                        break;
                    case 2:
                        var length = (int)ReadVarint(message, ref i);
                        fields.Add((field, message[i..(i + length)], false, 0));
                        i += length;
                        break;
                    case 5:
                        i += 4;
                        fields.Add((field, null, false, 0));
                        break;
                    default:
                        throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7} at byte {i}.");
                }
            }

            return fields;
        }

        private static ulong ReadVarint(byte[] message, ref int i)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = message[i++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
