using System.Collections.Concurrent;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>
/// Phone numbers by id, kept in memory: every send looks its number up, and numbers rarely change. A change to a number,
/// on whichever node makes it, is published on <see cref="Changes"/>, and every node's directory forgets its copy.
/// </summary>
internal sealed class PhoneNumberDirectory
{
    /// <summary>The topic a changed number's id is published on.</summary>
    public static readonly ChangeTopic Changes = new("phone-number");

    private readonly ConcurrentDictionary<string, PhoneNumber> _numbers = new(StringComparer.Ordinal);
    private readonly IServiceScopeFactory _scopes;

    public PhoneNumberDirectory(IServiceScopeFactory scopes, IChangeNotifier changes)
    {
        _scopes = scopes;
        changes.Subscribe(Changes, id => _numbers.TryRemove(id, out _));
    }

    /// <summary>The account's number with this id, or null: another account's number is as absent as a made-up one.</summary>
    public async ValueTask<PhoneNumber?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        if (!_numbers.TryGetValue(id, out var number))
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
            number = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (number is null)
            {
                return null;
            }
            _numbers[id] = number;
        }
        return number.AccountId == accountId ? number : null;
    }

    /// <summary>
    /// The number a Cloud API call names, for the caller: the account's own, and one the calling key is bound
    /// to (when it is bound at all); otherwise the error to answer with, in Meta's terms.
    /// </summary>
    public async ValueTask<(PhoneNumber? Number, JsonHttpResult<MetaErrorEnvelope>? Error)> ForCallerAsync(
        HttpContext http, string accountId, string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(accountId, id, cancellationToken) is not { } number)
        {
            return (null, MetaErrors.NotFound(http, id));
        }
        return !NumberBinding.Of(http).Allows(number.Id)
            ? (null, MetaErrors.Result(http, 403, 200, "This API key may not use this phone number.", ProblemCodes.PhoneNumberNotAllowed))
            : (number, null);
    }
}
