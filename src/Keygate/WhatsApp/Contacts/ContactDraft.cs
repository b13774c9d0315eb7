using System.Text.Json.Nodes;

namespace Keygate.WhatsApp.Contacts;

/// <summary>
/// A contact's editable fields while a create or an edit is read and checked: create starts empty, edit from
/// the stored contact; both go through <see cref="ContactFields"/> and end in <see cref="ApplyTo"/>.
/// </summary>
internal sealed class ContactDraft
{
    public string? WaId { get; set; }
    public string? Name { get; set; }
    public SortedSet<string> Tags { get; } = new(StringComparer.Ordinal);
    public JsonObject CustomFields { get; set; } = [];
    public OptInState OptIn { get; set; }
    public string? OptInSource { get; set; }
    /// <summary>Whether the body named a source: a new state without one must not keep the old change's source.</summary>
    public bool OptInSourceGiven { get; set; }

    public static ContactDraft From(Contact contact)
    {
        var draft = new ContactDraft
        {
            WaId = contact.WaId,
            Name = contact.Name,
            CustomFields = JsonNode.Parse(contact.CustomFields)!.AsObject(),
            OptIn = contact.OptIn,
            OptInSource = contact.OptInSource,
        };
        draft.Tags.UnionWith(contact.Tags.Select(t => t.Name));
        return draft;
    }

    public void ApplyTo(Contact contact, DateTime now)
    {
        contact.WaId = WaId!;
        contact.Name = Name;
        contact.CustomFields = ContactFields.Serialize(CustomFields);
        if (OptIn != contact.OptIn)
        {
            contact.OptIn = OptIn;
            contact.OptInChangedAt = now;
            contact.OptInSource = OptInSourceGiven ? OptInSource : null;
        }
        else if (OptInSourceGiven)
        {
            contact.OptInSource = OptInSource;
        }
        // Tags are owned rows: edit the tracked collection in place so EF deletes and inserts only what changed.
        contact.Tags.RemoveAll(tag => !Tags.Contains(tag.Name));
        foreach (var name in Tags.Where(name => !contact.Tags.Exists(tag => tag.Name == name)))
        {
            contact.Tags.Add(new ContactTag { Name = name });
        }
    }
}
