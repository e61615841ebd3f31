using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs
{
    internal static class FsStatuses
    {
        // Every engine error has its own status (FileSystemProtocol.cs).
        public static int Of(FsError error)
        {
            switch (error)
            {
                case FsError.None: return Status.Ok;
                case FsError.NotFound: return FileSystemStatus.NotFound;
                case FsError.NotADirectory: return FileSystemStatus.NotADirectory;
                case FsError.IsADirectory: return FileSystemStatus.IsADirectory;
                case FsError.Exists: return FileSystemStatus.Exists;
                case FsError.NotEmpty: return FileSystemStatus.NotEmpty;
                case FsError.NoSpace: return FileSystemStatus.NoSpace;
                case FsError.NameTooLong: return FileSystemStatus.NameTooLong;
                case FsError.PathTooLong: return FileSystemStatus.PathTooLong;
                case FsError.InvalidName: return FileSystemStatus.InvalidName;
                case FsError.Corrupt: return FileSystemStatus.Corrupt;
                case FsError.IoError: return FileSystemStatus.IoError;
                case FsError.BadOffset: return FileSystemStatus.BadOffset;
                case FsError.FileTooLarge: return FileSystemStatus.FileTooLarge;
                case FsError.Unsupported: return FileSystemStatus.Unsupported;
                case FsError.Busy: return FileSystemStatus.Busy;
                default: return FileSystemStatus.Failed;
            }
        }
    }
}
