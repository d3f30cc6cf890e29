using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Web3Auth.AspNetCore;

namespace Web3Auth.Sample.Mvc.OpenApi;

/// <summary>
/// Lists in the schema of each problem answer the <c>error</c> codes it can carry: an endpoint's
/// <see cref="Web3ProblemResponseAttribute"/>s name them (the package's endpoints carry them all), and the answer's
/// schema becomes the problem schema with <c>error</c> narrowed to an <c>enum</c> of those codes.
/// </summary>
internal sealed class ProblemErrorCodesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var problems = context.Description.ActionDescriptor.EndpointMetadata.OfType<Web3ProblemResponseAttribute>()
            .GroupBy(p => p.StatusCode, p => p.ErrorCodes);
        foreach (var problem in problems)
        {
            var status = problem.Key.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses is null || !operation.Responses.TryGetValue(status, out var response) || response.Content is null ||
                !response.Content.TryGetValue("application/problem+json", out var media) || media.Schema is not { } schema)
            {
                continue;
            }

            var codes = problem.SelectMany(c => c).Distinct(StringComparer.Ordinal).Select(c => (JsonNode)JsonValue.Create(c)).ToList();
            media.Schema = new OpenApiSchema
            {
                AllOf =
                [
                    schema,
                    new OpenApiSchema
                    {
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            [ApiProblems.ErrorMember] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = codes },
                        },
                    },
                ],
            };
        }

        return Task.CompletedTask;
    }
}
