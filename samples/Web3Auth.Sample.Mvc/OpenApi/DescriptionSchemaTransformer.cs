using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Web3Auth.Sample.Mvc.OpenApi;

/// <summary>
/// A member's <c>[Description]</c> as its schema's description also where the generator leaves it out: a member of any
/// JSON value (<c>JsonElement</c>, the package's <c>sessionKey</c>) gets an empty schema, and no description.
/// </summary>
internal sealed class DescriptionSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Description is null &&
            context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false) is [DescriptionAttribute description, ..])
        {
            schema.Description = description.Description;
        }

        return Task.CompletedTask;
    }
}
