using Ioc.Core.Collecting;

namespace Ioc.Collectors;

/// <summary>What <see cref="HttpSource"/> hands a kind to parse: the body, capped, and what the answer says it is.</summary>
/// <param name="ShownUrl">The URL as messages may show it (<see cref="RedactedUrl"/>).</param>
/// <param name="MediaType">The answer's <c>Content-Type</c> without parameters, or null when it sent none.</param>
internal sealed record HttpAnswer(string ShownUrl, string? MediaType, Stream Body);
