namespace Keygate.Authorization;

/// <summary>
/// Where a key works (development, staging, production): part of who is calling, since it decides which numbers and
/// providers a caller reaches. Persisted as a number (never renumber); its API name is in <c>KeyNames</c>.
/// </summary>
internal enum KeyEnvironment
{
    Development = 1,
    Staging = 2,
    Production = 3,
}
