using System.Text.Json;
using System.Text.Json.Serialization;

namespace Web3Auth.Sample.Mvc.Data;

/// <summary>The on-disk format of the data files: camelCase JSON, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(NoteBook))]
public sealed partial class SampleJsonContext : JsonSerializerContext;
