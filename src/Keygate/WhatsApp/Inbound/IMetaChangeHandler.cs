namespace Keygate.WhatsApp.Inbound;

/// <summary>
/// A feature's part in a signed Meta event: templates keep their cache current, usage counts statuses by pricing category,
/// phone numbers follow their quality. Called once per change, for each account whose number signed the body and owns
/// what the change is about (its number, or for an event about a WABA, a number of that WABA).
/// </summary>
internal interface IMetaChangeHandler
{
    Task HandleAsync(string accountId, MetaChange change, CancellationToken cancellationToken);
}
