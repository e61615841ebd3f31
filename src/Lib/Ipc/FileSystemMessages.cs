using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The payloads of file-server requests and replies (FileSystemProtocol.cs
    // says what each request does).

    // Every request naming a path (all but Read, Write, Sync, FreeSpace):
    // the path in a grant the client gives FS (read rights) and its length;
    // Position is Truncate's new length or ReadDirectory's first entry;
    // DataGrant and Length a buffer for what FS copies back (Lookup's
    // canonical path, ReadDirectory's entries), or 0.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct FsPathRequest
    {
        [FieldOffset(0)] public long PathGrant;
        [FieldOffset(8)] public long PathLength;
        [FieldOffset(16)] public long Position;
        [FieldOffset(24)] public long DataGrant;
        [FieldOffset(32)] public long Length;

        public static FsPathRequest* Of(Message* message) => (FsPathRequest*)message->Payload;
    }

    // Lookup's and Open's reply: the node's size, whether it is a directory,
    // its id (the first cluster; 0 for an empty file), the length of the
    // canonical path written to the data grant (Lookup with a grant), and
    // Open's handle.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct FsNodeReply
    {
        [FieldOffset(0)] public long Size;
        [FieldOffset(8)] public long IsDirectory;
        [FieldOffset(16)] public long NodeId;
        [FieldOffset(24)] public long CanonicalLength;
        [FieldOffset(32)] public long Handle;

        public static FsNodeReply* Of(Message* message) => (FsNodeReply*)message->Payload;
    }

    // Read and Write: the file by the handle Open gave, the position, the
    // grant on the caller's data (write rights for Read, read rights for
    // Write; VFS hands on the user's own through an indirect grant) and the
    // length (<= MaxTransfer). Flags FsTransferFlags.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct FsTransferRequest
    {
        [FieldOffset(0)] public long Handle;
        [FieldOffset(8)] public long Flags;
        [FieldOffset(16)] public long Position;
        [FieldOffset(24)] public long DataGrant;
        [FieldOffset(32)] public long Length;

        public static FsTransferRequest* Of(Message* message) => (FsTransferRequest*)message->Payload;
    }

    public static class FsTransferFlags
    {
        // Write at the end of the file, whatever Position says (O_APPEND).
        public const long Append = 1;
    }

    // Read's and Write's reply: bytes moved (a Read at or past the end
    // moves 0), where they were moved (an append's position), and the
    // file's size after.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct FsTransferReply
    {
        [FieldOffset(0)] public long Bytes;
        [FieldOffset(8)] public long Position;
        [FieldOffset(16)] public long Size;

        public static FsTransferReply* Of(Message* message) => (FsTransferReply*)message->Payload;
    }

    // ReadDirectory's reply: bytes filled, entries packed, entries in the
    // directory.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct FsDirectoryReply
    {
        [FieldOffset(0)] public long Filled;
        [FieldOffset(8)] public long Packed;
        [FieldOffset(16)] public long Total;

        public static FsDirectoryReply* Of(Message* message) => (FsDirectoryReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct FsFreeSpaceReply
    {
        [FieldOffset(0)] public long FreeBytes;
        [FieldOffset(8)] public long ClusterSize;

        public static FsFreeSpaceReply* Of(Message* message) => (FsFreeSpaceReply*)message->Payload;
    }
}
