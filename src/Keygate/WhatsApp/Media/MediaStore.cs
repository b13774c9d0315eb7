using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Media;

/// <summary>Media bytes as files under <c>{data directory}/media</c>, named by media id.</summary>
internal sealed class MediaStore(IOptions<StorageOptions> storage, IServiceScopeFactory scopes)
{
    /// <summary>Whether the account has this media, uploaded through one of <paramref name="binding"/>'s numbers (any, when null).</summary>
    public async Task<bool> ExistsAsync(string accountId, string[]? binding, string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KeygateDbContext>().MediaObjects
            .VisibleTo(accountId, binding).AnyAsync(m => m.Id == id, cancellationToken);
    }

    private string Directory => Path.Combine(storage.Value.FullDataDirectory, "media");

    public string PathOf(string id) => Path.Combine(Directory, id);

    /// <summary>Writes to a temporary name first, so a crash never leaves half a file under a real id.</summary>
    public async Task SaveAsync(string id, Stream content, CancellationToken cancellationToken)
    {
        DataFiles.CreateDirectory(Directory);
        var temporary = PathOf(id) + ".partial";
        await using (var file = new FileStream(temporary, DataFiles.Writing(FileMode.Create)))
        {
            await content.CopyToAsync(file, cancellationToken);
        }
        File.Move(temporary, PathOf(id));
    }

    public void Delete(string id) => File.Delete(PathOf(id));
}
