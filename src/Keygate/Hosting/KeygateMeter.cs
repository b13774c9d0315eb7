namespace Keygate.Hosting;

/// <summary>
/// The name of the meter every Keygate instrument is made on (through <see cref="System.Diagnostics.Metrics.IMeterFactory"/>),
/// so the one subscription in Observability/ sees them all. Instruments carry no key id, secret, address or phone
/// number in their tags: only small fixed sets such as an endpoint group or an outcome.
/// </summary>
internal static class KeygateMeter
{
    public const string Name = "Keygate";
}
