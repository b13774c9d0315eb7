using Keygate.Http;

namespace Keygate.WhatsApp.Contacts;

/// <summary>
/// What a request asks to change on a contact, applied to its draft: the endpoints read a JSON body or merge patch
/// (<see cref="ContactFields"/>), whose meaning depends on the stored fields (a custom fields patch merges into
/// them), so the service hands the draft over once it has found the contact and checked the precondition.
/// </summary>
internal delegate void ContactEdit(ContactDraft draft, FieldErrors errors);
