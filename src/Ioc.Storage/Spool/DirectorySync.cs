using System.Runtime.InteropServices;

namespace Ioc.Storage.Spool;

/// <summary>
/// Flushes a folder's entries to disk. Creating or renaming a file changes the folder, which flushing the file does
/// not cover: without this, a crash soon after can lose a new segment (holding acknowledged points) or undo a
/// checkpoint's rename. .NET has no API for it (a FileStream refuses a folder), so on Unix it is open(2) and
/// fsync(2) on the folder. Windows offers nothing comparable to a plain handle; there it does nothing.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY, the same everywhere
    private const int InvalidArgument = 22; // EINVAL, the same on Linux, macOS and FreeBSD

    /// <exception cref="IOException">The folder could not be opened or flushed.</exception>
    public static void Flush(string folder)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return;
        }

        // A NUL-terminated UTF-8 path, as open(2) takes it; bytes rather than a string leave no doubt about the encoding.
        var descriptor = Open(System.Text.Encoding.UTF8.GetBytes(folder + '\0'), ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"could not open folder {folder} to flush it: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                var error = Marshal.GetLastPInvokeError();

                // EINVAL: a file system that cannot flush a folder (some FUSE and network ones); nothing more can be done there.
                if (error != InvalidArgument)
                {
                    throw new IOException($"could not flush folder {folder}: {Marshal.GetPInvokeErrorMessage(error)}");
                }
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int descriptor);
}
