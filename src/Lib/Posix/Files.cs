using System;

namespace Minix3.Cosmos.Lib.Posix
{
    // POSIX-like file calls, each one SendRec to VFS (VfsProtocol.cs).
    // Results: >= 0 success, < 0 a status (Status, FileSystemStatus,
    // VfsStatus); ErrorText names it. STUB: the VFS work replaces every
    // body; the signatures are the contract commands are written against.
    public static class Files
    {
        public const int StandardInput = 0, StandardOutput = 1, StandardError = 2;
        private const int NotImplemented = -6;

        public static int Open(string path, OpenFlags flags) => NotImplemented;
        public static int Read(int fd, Span<byte> buffer) => NotImplemented;        // 0 = end of file
        public static int Write(int fd, ReadOnlySpan<byte> data) => NotImplemented;
        public static int Close(int fd) => NotImplemented;
        public static long Seek(int fd, long offset, SeekOrigin origin) => NotImplemented;
        public static int Stat(string path, out FileStatus status) { status = default; return NotImplemented; }
        public static int FStat(int fd, out FileStatus status) { status = default; return NotImplemented; }
        // The next entry of a directory opened with Open(path, OpenFlags.Directory):
        // 1 and the entry, 0 at the end, < 0 an error.
        public static int ReadDirectory(int fd, out DirectoryEntry entry) { entry = default; return NotImplemented; }
        public static int MakeDirectory(string path) => NotImplemented;
        public static int RemoveDirectory(string path) => NotImplemented;
        public static int Unlink(string path) => NotImplemented;
        public static int Rename(string from, string to) => NotImplemented;
        public static int Dup(int fd) => NotImplemented;                     // lowest free descriptor
        public static int Dup2(int fd, int target) => NotImplemented;        // target closed first if open
        public static int Pipe(out int readEnd, out int writeEnd) { readEnd = writeEnd = -1; return NotImplemented; }
        public static int ChangeDirectory(string path) => NotImplemented;
        public static int Sync() => NotImplemented;
        // "No such file or directory" etc. for any status these calls return.
        public static string ErrorText(int status) => "error " + status.ToString();
    }

    [Flags]
    public enum OpenFlags
    {
        Read = 0, Write = 1, ReadWrite = 2,
        Create = 0x40, Exclusive = 0x80, Truncate = 0x200, Append = 0x400,
        Directory = 0x10000,
    }

    public enum SeekOrigin { Begin = 0, Current = 1, End = 2 }

    public enum FileKind { None = 0, File = 1, Directory = 2, CharDevice = 3, Pipe = 4 }

    public struct FileStatus
    {
        public long Size;
        public FileKind Kind;
    }

    public struct DirectoryEntry
    {
        public string Name;
        public long Size;
        public bool IsDirectory;
    }
}
