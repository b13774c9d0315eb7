using System.Text.Json;
using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.WhatsApp.Contacts;

internal static class ContactEndpoints
{
    public static RouteGroupBuilder MapContactEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/contacts").WithTags("Contacts");

        group.MapPost("/", CreateAsync).WithName("CreateContact")
            .RequirePermission(Permission.ContactsWrite).Accepts<ContactRequest>("application/json");
        group.MapGet("/", ListContacts.HandleAsync).WithName("ListContacts").RequirePermission(Permission.ContactsRead);
        group.MapGet("/{id}", ListContacts.GetAsync).WithName("GetContact").RequirePermission(Permission.ContactsRead);
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateContact")
            .RequirePermission(Permission.ContactsWrite).Accepts<ContactRequest>("application/merge-patch+json", "application/json");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteContact").RequirePermission(Permission.ContactsWrite);
        return group;
    }

    private static async Task<Results<Created<ContactResponse>, ProblemHttpResult>> CreateAsync(
        JsonElement body, HttpContext http, CreateContact create, CancellationToken cancellationToken)
    {
        var outcome = await create.CreateAsync(Actor.From(http), Read(body), cancellationToken);
        if (outcome.Value is not { } contact)
        {
            return outcome.ToProblem();
        }
        http.Response.Headers.ETag = contact.ETag;
        return TypedResults.Created($"/v1/contacts/{contact.Id}", contact.ToResponse());
    }

    private static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> UpdateAsync(
        string id, JsonElement body, HttpContext http, UpdateContact update, CancellationToken cancellationToken)
    {
        var outcome = await update.UpdateAsync(Actor.From(http), id, IfMatch.From(http), Read(body), cancellationToken);
        if (outcome.Value is not { } contact)
        {
            return outcome.ToProblem();
        }
        http.Response.Headers.ETag = contact.ETag;
        return TypedResults.Ok(contact.ToResponse());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, HttpContext http, DeleteContact delete, CancellationToken cancellationToken)
    {
        var outcome = await delete.DeleteAsync(Actor.From(http), id, IfMatch.From(http), cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToProblem();
    }

    /// <summary>A create body or a JSON merge patch, read onto the draft the service hands over.</summary>
    private static ContactEdit Read(JsonElement body) => (draft, errors) => ContactFields.Read(body, draft, errors);
}
