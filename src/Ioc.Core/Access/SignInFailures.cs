namespace Ioc.Core.Access;

/// <summary>
/// Wrong passwords given for one account name from one client address, kept in the configuration store so that
/// every Ioc process throttles alike. The name need not exist: unknown names are counted the same way.
/// </summary>
/// <param name="Count">Failures since the last success from this address, or since the count was last forgotten.</param>
public sealed record SignInFailures(string Account, string Address, int Count, DateTimeOffset LastFailureAt);
