using Keygate.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.WhatsApp.CloudApi;

internal static class AccountCapErrors
{
    /// <summary>A reached cap as the Cloud API surface answers it: Meta's error envelope, with Keygate's code beside Meta's.</summary>
    public static JsonHttpResult<MetaErrorEnvelope> MetaError(this AccountCapReached reached, HttpContext http) =>
        MetaErrors.Result(http, AccountCapReached.Status, MetaErrors.InvalidParameter, reached.Detail, reached.Code);
}
