using System.Text;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Secrets;

/// <summary>A secret as listed: never its value.</summary>
public sealed record SecretView(string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>Credentials for collector definitions (<c>${secret:NAME}</c>): set, list by name, delete. Values go in, never out.</summary>
internal static class SecretsApi
{
    /// <summary>Room for the largest value JSON-escaped (every byte as \uXXXX) and its wrapping.</summary>
    private const int MaxBodyBytes = SecretVault.MaxValueBytes * 6 + 64;

    public static IServiceCollection AddSecrets(this IServiceCollection services)
    {
        services.AddSingleton<SecretMask>();
        services.AddSingleton<SecretVault>();
        return services;
    }

    public static IEndpointRouteBuilder MapSecretsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/secrets").WithTags("Secrets").RequireAuthorization(IocClaims.Policies.Admin);
        group.MapGet("/", async (SecretVault vault, CancellationToken ct) =>
            TypedResults.Ok<IReadOnlyList<SecretView>>([.. (await vault.ListAsync(ct)).Select(s => new SecretView(s.Name, s.CreatedAt, s.UpdatedAt, s.UpdatedBy))]));
        group.MapPut("/{name}", PutAsync);
        group.MapDelete("/{name}", async Task<Results<NoContent, NotFound>> (string name, SecretVault vault, HttpContext http, CancellationToken ct) =>
            await vault.DeleteAsync(http.User.ActorName(), name, ct) ? TypedResults.NoContent() : TypedResults.NotFound());
        return app;
    }

    /// <summary>The value is the body: raw text (<c>text/plain</c>, one trailing line break dropped) or JSON <c>{"value": "…"}</c>.</summary>
    internal static async Task<Results<Created, NoContent, ValidationProblem>> PutAsync(string name, SecretVault vault, HttpContext http, CancellationToken ct)
    {
        try
        {
            SecretVault.CheckName(name);
            var value = await ReadValueAsync(http.Request, ct);
            return await vault.SetAsync(http.User.ActorName(), name, value, ct)
                ? TypedResults.Created($"/api/v1/admin/secrets/{name}")
                : TypedResults.NoContent();
        }
        catch (SecretRequestException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }
    }

    private static async Task<string?> ReadValueAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                throw new SecretRequestException("value", $"value: at most {SecretVault.MaxValueBytes} bytes");
            }
        }

        var bytes = buffer.ToArray();
        if (request.HasJsonContentType())
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("value", out var value)
                    && value.ValueKind == JsonValueKind.String
                        ? value.GetString()
                        : throw new SecretRequestException("value", "value: the JSON body must be {\"value\": \"…\"} with a string");
            }
            catch (JsonException)
            {
                // The parser's message may quote the body, which is the secret.
                throw new SecretRequestException("value", "value: the body is not valid JSON; send {\"value\": \"…\"} or the value as text/plain");
            }
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new SecretRequestException("value", "value: must be UTF-8 text");
        }

        // "echo token | curl --data-binary @-" sends a line break nobody meant as part of the token.
        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
    }
}
