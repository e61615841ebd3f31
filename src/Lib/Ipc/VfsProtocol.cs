namespace Minix3.Cosmos.Lib.Ipc
{
    // The virtual-file-system protocol (VFS, src/Servers/Vfs): what a user
    // program (through src/Lib/Posix/Files.cs) asks of VFS. Every request is
    // a SendRec to "vfs"; the reply's Type is the status (>= 0 success, or a
    // Status, FileSystemStatus, DriverStatus or VfsStatus code) and results
    // are in the reply's words. VFS keeps one descriptor table (0..63) and a
    // working directory per caller endpoint; a process VFS has never seen
    // starts with an empty table and "/" as its working directory.
    //
    // Paths and data travel through the caller's grants to VFS, as in the
    // file-server protocol: a path (relative to the working directory or
    // absolute, ASCII, no NUL, at most FileSystemLimits.MaxPathLength bytes)
    // is named by a read grant in Word0 and its length in Word1.
    //
    //   Open           path, Word2 flags (OpenFlags of Files.cs)  -> Word0 fd
    //   Read           Word0 fd, Word1 data grant (write rights),
    //                  Word2 length (<= MaxTransfer)               -> Word0 bytes (0 = end of file)
    //   Write          Word0 fd, Word1 data grant (read rights),
    //                  Word2 length (<= MaxTransfer)               -> Word0 bytes (a pipe may take fewer)
    //   Close          Word0 fd
    //   Seek           Word0 fd, Word1 offset, Word2 whence (0 begin, 1 current, 2 end) -> Word0 position
    //   Stat           path                                        -> Word0 size, Word1 FileKind
    //   FStat          Word0 fd                                    -> Word0 size, Word1 FileKind
    //   ReadDirectory  Word0 fd (opened with the Directory flag), Word1 name
    //                  grant (write rights), Word2 its room        -> Word0 1 and the entry (Word1
    //                  size, Word2 1 if a directory, Word3 name length; the name in the grant), or
    //                  Word0 0 at the end. Each call advances to the next entry.
    //   MakeDirectory, RemoveDirectory, Unlink, ChangeDirectory: path
    //   Rename         Word0 grant holding "from\0to", Word1 its whole length
    //   Dup            Word0 fd                                    -> Word0 the lowest free fd
    //   Dup2           Word0 fd, Word1 target (closed first)       -> Word0 target
    //   Pipe           nothing                                     -> Word0 read end, Word1 write end
    //   Sync           nothing: FS writes every cached change to the disk
    //
    // Reads of a pipe or a character device may wait (a pipe with writers
    // but no data, a terminal line not yet typed): VFS holds the reply back
    // and goes on serving others. A full pipe holds a writer back.
    //
    // Notices from PM (accepted only from the process labelled "pm"):
    //   ProcessForked  Word0 parent endpoint, Word1 child endpoint: the child
    //                  gets a copy of the parent's descriptors (sharing the
    //                  open files and their positions) and working directory
    //   ProcessExited  Word0 endpoint: its descriptors are closed and its
    //                  waiting calls cancelled
    public static class VfsRequest
    {
        public const int Open = 0xF601;
        public const int Read = 0xF602;
        public const int Write = 0xF603;
        public const int Close = 0xF604;
        public const int Seek = 0xF605;
        public const int Stat = 0xF606;
        public const int FStat = 0xF607;
        public const int ReadDirectory = 0xF608;
        public const int MakeDirectory = 0xF609;
        public const int RemoveDirectory = 0xF60A;
        public const int Unlink = 0xF60B;
        public const int Rename = 0xF60C;
        public const int Dup = 0xF60D;
        public const int Dup2 = 0xF60E;
        public const int Pipe = 0xF60F;
        public const int ChangeDirectory = 0xF610;
        public const int Sync = 0xF611;
        // Typed payloads (VfsMessages.cs):
        public const int WorkingDirectory = 0xF612;   // VfsWorkingDirectoryRequest -> VfsLengthReply
        public const int Ioctl = 0xF613;              // VfsIoctlRequest -> VfsIoctlReply
        public const int ChangeMode = 0xF614;         // path (Word0 grant, Word1 length), VfsChangeMode at Word2
        public const int ChangeOwner = 0xF615;        // path (Word0 grant, Word1 length), VfsChangeOwner at Word2
        public const int Poll = 0xF616;               // VfsPollRequest -> VfsPollReply (poll(2) over descriptors)

        public const int ProcessForked = 0xF6F0;
        public const int ProcessExited = 0xF6F1;
    }

    public static class VfsLimits
    {
        public const int MaxDescriptors = 64;
        public const int MaxTransfer = FileSystemLimits.MaxTransfer;
        public const int PipeCapacity = 8192;
        // The largest argument block of an Ioctl.
        public const int MaxIoctlBytes = 256;
        // The longest name ReadDirectory hands back (FAT's long names).
        public const int MaxNameLength = 255;

        // Open flags (the values of Files.cs's OpenFlags).
        public const int AccessMask = 3, AccessRead = 0, AccessWrite = 1, AccessReadWrite = 2;
        public const int Create = 0x40, Exclusive = 0x80, Truncate = 0x200, Append = 0x400, Directory = 0x10000;
        public const int KnownFlags = AccessMask | Create | Exclusive | Truncate | Append | Directory;

        // FileKind values (Files.cs).
        public const int KindFile = 1, KindDirectory = 2, KindCharDevice = 3, KindPipe = 4;
    }

    // VFS's own failures (MINIX's errno in the comments).
    public static class VfsStatus
    {
        public const int BadDescriptor = -60;     // EBADF: out of range or not open
        public const int TooManyOpen = -61;       // EMFILE: every descriptor in use
        public const int BrokenPipe = -62;        // EPIPE: a write with no reader left
        public const int NotReadable = -63;       // EBADF: the descriptor was not opened for reading
        public const int NotWritable = -64;       // EBADF: the descriptor was not opened for writing
        public const int NotSeekable = -65;       // ESPIPE: a pipe or a device
        public const int NoDevice = -66;          // ENXIO: the device's driver is not running
        public const int UnknownRequest = -67;    // ENOSYS: no such request type
        public const int NotDirectory = -68;      // ENOTDIR: ReadDirectory on a descriptor not opened as a directory
        public const int Busy = -69;              // EBUSY: too many calls waiting at once
    }
}
