using Keygate.Authorization;

namespace Keygate.WhatsApp.Contacts;

internal static class ContactEndpoints
{
    public static RouteGroupBuilder MapContactEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/contacts").WithTags("Contacts");

        group.MapPost("/", CreateContact.HandleAsync).WithName("CreateContact")
            .RequirePermission(Permission.ContactsWrite).Accepts<ContactRequest>("application/json");
        group.MapGet("/", ListContacts.HandleAsync).WithName("ListContacts").RequirePermission(Permission.ContactsRead);
        group.MapGet("/{id}", ListContacts.GetAsync).WithName("GetContact").RequirePermission(Permission.ContactsRead);
        group.MapPatch("/{id}", UpdateContact.HandleAsync).WithName("UpdateContact")
            .RequirePermission(Permission.ContactsWrite).Accepts<ContactRequest>("application/merge-patch+json", "application/json");
        group.MapDelete("/{id}", DeleteContact.HandleAsync).WithName("DeleteContact").RequirePermission(Permission.ContactsWrite);
        return group;
    }
}
