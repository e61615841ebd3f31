namespace Minix3.Cosmos.Lib.Ipc
{
    // The file-server protocol (FS, src/Servers/Fs): what a client (VFS
    // later, test clients now) asks of one mounted volume, modelled on
    // MINIX's VFS->FS requests. Every request is a SendRec to "fs"; the
    // reply's Type is the status (Status.Ok, a Status code, or a
    // FileSystemStatus code), as in the data store protocol.
    //
    // Paths never travel in messages: the client grants FS read access to
    // a buffer holding the path (absolute, '/'-separated, ASCII, no NUL) and
    // names it in Word0, its length in bytes in Word1. Data is moved through
    // a second grant (Word3): write rights for Read/ReadDirectory, read
    // rights for Write.
    //
    //   Lookup     Word0 path grant, Word1 path length
    //              reply: Word0 size, Word1 1 if a directory, Word2 node id
    //              (the first cluster: stable while the file exists, 0 for
    //              an empty file)
    //   Read       path, Word2 position (>= 0), Word3 data grant, Word4 length
    //   Write      (<= MaxTransfer); reply: Word0 bytes moved (a Read at or
    //              past the end moves 0). Write extends the file, zero-filling
    //              a gap.
    //   Create     path; an empty file (Exists if there is one)
    //   MakeDirectory, Unlink, RemoveDirectory (empty only): path
    //   Rename     the grant holds "from\0to"; Word1 the whole length
    //   Truncate   path, Word2 the new length (>= 0)
    //   ReadDirectory  path, Word2 index of the first entry wanted, Word3 data
    //              grant, Word4 its room; reply: Word0 bytes filled, Word1
    //              entries packed, Word2 entries in the directory. Entries are
    //              packed back to back, each DirectoryEntryHeader bytes:
    //              u32 size, u8 flags (DirectoryEntryIsDirectory), u8 name
    //              length, u16 zero, then the name (ASCII, no NUL). Ask again
    //              from index + packed until index reaches the total. A room
    //              too small for the next entry is OutOfRange; 263 bytes
    //              (header + the longest name) always holds one.
    //   Sync       nothing; every cached change reaches the disk
    //   FreeSpace  nothing; reply: Word0 free bytes, Word1 cluster size
    public static class FileSystemRequest
    {
        public const int Lookup = 0xF501;
        public const int Read = 0xF502;
        public const int Write = 0xF503;
        public const int Create = 0xF504;
        public const int MakeDirectory = 0xF505;
        public const int Unlink = 0xF506;
        public const int RemoveDirectory = 0xF507;
        public const int Rename = 0xF508;
        public const int Truncate = 0xF509;
        public const int ReadDirectory = 0xF50A;
        public const int Sync = 0xF50B;
        public const int FreeSpace = 0xF50C;
    }

    public static class FileSystemLimits
    {
        // Path bytes in one request (the engine's limit); a rename's two
        // paths and their NUL together at most twice this plus one.
        public const int MaxPathLength = 1024;
        public const int MaxTransfer = 64 * 1024;
        public const int DirectoryEntryHeader = 8;
        public const int DirectoryEntryIsDirectory = 1;
    }

    // FS's own failures, one per engine error (MINIX's errno in the
    // comments). FS also replies Status.BadGrant/GrantRights/OutOfRange when
    // a grant fails, Status.BadArgument for a negative position or length.
    public static class FileSystemStatus
    {
        public const int NotFound = -40;          // ENOENT
        public const int NotADirectory = -41;     // ENOTDIR
        public const int IsADirectory = -42;      // EISDIR
        public const int Exists = -43;            // EEXIST
        public const int NotEmpty = -44;          // ENOTEMPTY
        public const int NoSpace = -45;           // ENOSPC
        public const int NameTooLong = -46;       // ENAMETOOLONG (one name)
        public const int PathTooLong = -47;       // ENAMETOOLONG (the path)
        public const int InvalidName = -48;       // EINVAL
        public const int Corrupt = -49;           // EIO: the volume is damaged
        public const int IoError = -50;           // EIO: the disk failed
        public const int BadOffset = -51;         // EINVAL
        public const int FileTooLarge = -52;      // EFBIG
        public const int Unsupported = -53;       // ENOSYS
        public const int Busy = -54;              // EBUSY
        public const int UnknownRequest = -55;    // ENOSYS: no such request type
        public const int NotMounted = -56;        // the volume failed to mount
        public const int Failed = -57;            // FS hit a defect of its own
        public const int AccessDenied = -59;      // EACCES: the mode bits do not let the caller (VFS's check)
        public const int DriverDown = -58;        // EIO: the disk driver is stopped (RS published it down)
    }
}
