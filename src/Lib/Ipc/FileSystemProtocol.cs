namespace Minix3.Cosmos.Lib.Ipc
{
    // The file-server protocol (FS, src/Servers/Fs): what a client (VFS
    // later, test clients now) asks of one mounted volume, modelled on
    // MINIX's VFS->FS requests. Every request is a SendRec to "fs"; the
    // reply's Type is the status (Status.Ok, a Status code, or a
    // FileSystemStatus code), as in the data store protocol.
    //
    // Paths never travel in messages: the client grants FS read access to
    // a buffer holding the path (absolute, '/'-separated, ASCII, no NUL)
    // and names it (FsPathRequest, FileSystemMessages.cs). Files are read
    // and written by handle, not by path: Open looks a file up once, and
    // Read and Write name the handle (FsTransferRequest), so a sequential
    // read walks no directory after the first request. Data moves through
    // a grant on the client's buffer: write rights for Read and
    // ReadDirectory, read rights for Write. VFS hands on the user's own
    // grant through an indirect one (Grants.cs), so FS copies straight
    // between its cache or disk buffers and the user's memory.
    //
    //   Lookup     path (FsPathRequest); reply FsNodeReply: size, directory
    //              flag, node id (the first cluster: stable while the file
    //              exists, 0 for an empty file) and, when the request gives
    //              a data grant and its room, the canonical path's length
    //              (each name as the volume spells it, written to the grant)
    //   Open       path of a regular file (a directory is IsADirectory);
    //              reply FsNodeReply with the Handle for Read and Write. A
    //              handle stays valid while FS runs and keeps it (FS keeps
    //              the MaxHandles most recently used); after that, or after
    //              an FS restart, it is StaleHandle and the client opens the
    //              path again. Handles of one file share one node, so a
    //              write through one is seen through all.
    //   Read       FsTransferRequest: handle, position (>= 0), data grant,
    //   Write      length (<= MaxTransfer); reply FsTransferReply: bytes
    //              moved (a Read at or past the end moves 0). Write extends
    //              the file, zero-filling a gap; with FsTransferFlags.Append
    //              it writes at the end (the reply says where).
    //   Create     path; an empty file (Exists if there is one)
    //   MakeDirectory, Unlink, RemoveDirectory (empty only): path
    //   Rename     the grant holds "from\0to"; PathLength the whole length
    //   Truncate   path, Position the new length (>= 0)
    //   ReadDirectory  path, Position the index of the first entry wanted,
    //              DataGrant and Length its room; reply FsDirectoryReply:
    //              bytes filled, entries packed, entries in the directory.
    //              Entries are packed back to back, each DirectoryEntryHeader
    //              bytes: u32 size, u8 flags (DirectoryEntryIsDirectory), u8
    //              name length, u16 zero, then the name (ASCII, no NUL). Ask
    //              again from index + packed until index reaches the total.
    //              A room too small for the next entry is OutOfRange; 263
    //              bytes (header + the longest name) always holds one.
    //   Sync       nothing; every cached change reaches the disk
    //   FreeSpace  nothing; reply FsFreeSpaceReply: free bytes, cluster size
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
        public const int Open = 0xF50D;
    }

    public static class FileSystemLimits
    {
        // Path bytes in one request (the engine's limit); a rename's two
        // paths and their NUL together at most twice this plus one.
        public const int MaxPathLength = 1024;
        public const int MaxTransfer = 64 * 1024;
        public const int DirectoryEntryHeader = 8;
        public const int DirectoryEntryIsDirectory = 1;

        // Open files FS keeps handles for at once; the least recently
        // used one goes first.
        public const int MaxHandles = 64;
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
        public const int StaleHandle = -39;       // ESTALE: FS no longer knows the handle (open the path again)
    }
}
