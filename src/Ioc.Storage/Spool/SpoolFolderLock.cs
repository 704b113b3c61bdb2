namespace Ioc.Storage.Spool;

/// <summary>
/// The spool folder's lock file, held open without sharing for as long as one spool uses the folder. Two spools
/// on one folder (two Ioc processes given the same path) would append over each other's segments and move each
/// other's checkpoint, losing points; the lock makes the second one fail at start-up instead.
/// </summary>
/// <remarks>
/// The operating system lets go of the lock when the process dies, so a crash never leaves the folder locked.
/// The file itself is never deleted: deleting it would let a third spool lock a new file of the same name while
/// the second still holds the old one.
/// </remarks>
internal sealed class SpoolFolderLock : IDisposable
{
    public const string FileName = "spool.lock";

    private readonly FileStream _file;

    private SpoolFolderLock(FileStream file) => _file = file;

    /// <exception cref="InvalidOperationException">Another spool, in this process or another, holds the folder.</exception>
    public static SpoolFolderLock Take(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            // FileShare.None is flock(LOCK_EX) on Unix and an exclusive share mode on Windows: both hold across processes.
            return new SpoolFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0));
        }
        catch (IOException ex) when (IsHeldElsewhere(ex))
        {
            throw new InvalidOperationException(
                $"spool folder {folder} is in use by another Ioc process ({FileName} is locked); two processes sharing a spool folder "
                + $"would lose data, so give each its own {SpoolOptions.Section}:Path", ex);
        }
    }

    public void Dispose() => _file.Dispose();

    private static bool IsHeldElsewhere(IOException ex) =>
        OperatingSystem.IsWindows()
            ? (ex.HResult & 0xFFFF) is 32 or 33 // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
            : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35); // EWOULDBLOCK from flock, as .NET reports it
}
