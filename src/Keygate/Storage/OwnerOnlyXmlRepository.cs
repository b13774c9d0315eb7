using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Keygate.Storage;

/// <summary>
/// The cookie-signing keys on disk, readable by Keygate's user only: anyone who reads them can forge a session.
/// ASP.NET's file repository creates its directory and files with the process's umask, so the directory is made 0700
/// first and each key file 0600 once written (inside that directory, it is unreachable by others even before).
/// </summary>
internal sealed class OwnerOnlyXmlRepository : FileSystemXmlRepository
{
    public OwnerOnlyXmlRepository(string directory, ILoggerFactory logs) : base(CreatedDirectory(directory), logs)
    {
    }

    public override void StoreElement(XElement element, string friendlyName)
    {
        base.StoreElement(element, friendlyName);
        foreach (var file in Directory.EnumerateFiles())
        {
            DataFiles.RestrictIfPresent(file.FullName);
        }
    }

    private static DirectoryInfo CreatedDirectory(string path)
    {
        DataFiles.CreateDirectory(path);
        return new DirectoryInfo(path);
    }
}
