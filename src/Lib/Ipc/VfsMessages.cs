using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The payloads of VFS requests declared as typed structs (the older
    // requests are described over Word0..Word6 in VfsProtocol.cs).

    // VfsRequest.WorkingDirectory: the caller's working directory, absolute
    // and ASCII, copied into a grant it gives VFS (write rights). The reply's
    // VfsLengthReply is its length; OutOfRange (nothing copied) when Room is
    // too small for it.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsWorkingDirectoryRequest
    {
        [FieldOffset(0)] public long Grant;
        [FieldOffset(8)] public long Room;

        public static VfsWorkingDirectoryRequest* Of(Message* message) => (VfsWorkingDirectoryRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsLengthReply
    {
        [FieldOffset(0)] public long Length;

        public static VfsLengthReply* Of(Message* message) => (VfsLengthReply*)message->Payload;
    }

    // VfsRequest.Ioctl: a control request (TerminalIoctl's, for a
    // terminal) on a character device's descriptor. Its argument is an
    // in/out block of Length bytes (at most VfsLimits.MaxIoctlBytes) in a
    // grant the caller gives VFS with read and write rights: VFS copies it
    // in, hands the driver its own copy (DriverRequest.Ioctl), and copies it
    // back when the driver answers. The reply's VfsIoctlReply.Result is the
    // driver's (>= 0). Not a device: NotATypewriter.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsIoctlRequest
    {
        [FieldOffset(0)] public long Descriptor;
        [FieldOffset(8)] public long Request;
        [FieldOffset(16)] public long Grant;
        [FieldOffset(24)] public long Length;

        public static VfsIoctlRequest* Of(Message* message) => (VfsIoctlRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsIoctlReply
    {
        [FieldOffset(0)] public long Result;

        public static VfsIoctlReply* Of(Message* message) => (VfsIoctlReply*)message->Payload;
    }

    // VfsRequest.ChangeMode (chmod): the path as every path call gives it,
    // the new mode bits (07777: permissions, set-uid, set-gid, sticky).
    // Only the file's owner or root (else Status.NotAllowed, EPERM).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsChangeModeRequest
    {
        [FieldOffset(0)] public long PathGrant;
        [FieldOffset(8)] public long PathLength;
        [FieldOffset(16)] public long Mode;

        public static VfsChangeModeRequest* Of(Message* message) => (VfsChangeModeRequest*)message->Payload;
    }

    // VfsRequest.ChangeOwner (chown): new owner and group. Root only,
    // except an owner giving its file to its own group.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsChangeOwnerRequest
    {
        [FieldOffset(0)] public long PathGrant;
        [FieldOffset(8)] public long PathLength;
        [FieldOffset(16)] public long Uid;
        [FieldOffset(24)] public long Gid;

        public static VfsChangeOwnerRequest* Of(Message* message) => (VfsChangeOwnerRequest*)message->Payload;
    }

    // The reply to Stat and FStat: size, FileKind, mode bits (07777), owner
    // and group.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsStatReply
    {
        [FieldOffset(0)] public long Size;
        [FieldOffset(8)] public long Kind;
        [FieldOffset(16)] public long Mode;
        [FieldOffset(24)] public long Uid;
        [FieldOffset(32)] public long Gid;

        public static VfsStatReply* Of(Message* message) => (VfsStatReply*)message->Payload;
    }
}

namespace Minix3.Cosmos.Lib.Ipc
{
    // The older VFS requests (VfsProtocol.cs lists them), laid out as they
    // always were on the wire.

    // Every request naming a path (Open, Stat, MakeDirectory,
    // RemoveDirectory, Unlink, ChangeDirectory; Rename's "from\0to"):
    // a read grant on it and its length; Open's OpenFlags.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsPathRequest
    {
        [FieldOffset(0)] public long PathGrant;
        [FieldOffset(8)] public long PathLength;
        [FieldOffset(16)] public long Flags;

        public static VfsPathRequest* Of(Message* message) => (VfsPathRequest*)message->Payload;
    }

    // Requests on a descriptor (Close, FStat, Dup; Dup2's Target).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsDescriptorRequest
    {
        [FieldOffset(0)] public long Descriptor;
        [FieldOffset(8)] public long Target;

        public static VfsDescriptorRequest* Of(Message* message) => (VfsDescriptorRequest*)message->Payload;
    }

    // The descriptor Open, Dup and Dup2 give; Pipe's two ends.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsDescriptorReply
    {
        [FieldOffset(0)] public long Descriptor;
        [FieldOffset(8)] public long WriteEnd;

        public static VfsDescriptorReply* Of(Message* message) => (VfsDescriptorReply*)message->Payload;
    }

    // Read and Write: the descriptor, a grant on the caller's buffer (write
    // rights for Read, read rights for Write), its length.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsTransferRequest
    {
        [FieldOffset(0)] public long Descriptor;
        [FieldOffset(8)] public long Grant;
        [FieldOffset(16)] public long Length;
        [FieldOffset(24)] public long Flags;      // TransferFlags (0 for files and pipes)

        public static VfsTransferRequest* Of(Message* message) => (VfsTransferRequest*)message->Payload;
    }

    // Bytes moved (Read: 0 at the end of the file); Seek's new position.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsTransferReply
    {
        [FieldOffset(0)] public long Bytes;

        public static VfsTransferReply* Of(Message* message) => (VfsTransferReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsSeekRequest
    {
        [FieldOffset(0)] public long Descriptor;
        [FieldOffset(8)] public long Offset;
        [FieldOffset(16)] public long Whence;

        public static VfsSeekRequest* Of(Message* message) => (VfsSeekRequest*)message->Payload;
    }

    // ReadDirectory: the descriptor, a grant for the name (write rights),
    // its room.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsReadDirectoryRequest
    {
        [FieldOffset(0)] public long Descriptor;
        [FieldOffset(8)] public long Grant;
        [FieldOffset(16)] public long Room;

        public static VfsReadDirectoryRequest* Of(Message* message) => (VfsReadDirectoryRequest*)message->Payload;
    }

    // ReadDirectory's answer: Found 1 and the entry (its name in the
    // grant), or 0 at the end.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsDirectoryEntryReply
    {
        [FieldOffset(0)] public long Found;
        [FieldOffset(8)] public long Size;
        [FieldOffset(16)] public long IsDirectory;
        [FieldOffset(24)] public long NameLength;

        public static VfsDirectoryEntryReply* Of(Message* message) => (VfsDirectoryEntryReply*)message->Payload;
    }

    // PM's notices: ProcessForked (Parent, Child); ProcessExited and
    // PmSignalToVfs.Interrupted name one process, in Parent.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsProcessNotice
    {
        [FieldOffset(0)] public long Parent;
        [FieldOffset(8)] public long Child;

        public static VfsProcessNotice* Of(Message* message) => (VfsProcessNotice*)message->Payload;
    }

    // Read and Write flags for devices (sockets: send/recv flags); files
    // and pipes refuse any (BadArgument).
    public static class TransferFlags
    {
        public const long Addressed = 1;  // sendto/recvfrom: a SocketAddressHeader leads the data (DriverRequest.Addressed)
        public const long DontWait = 2;   // MSG_DONTWAIT: a read does not wait for data, a write not for room
        public const long Known = Addressed | DontWait;
    }

    // Poll (poll(2)): Grant names Count PollEntry records in the caller's
    // memory (read and write rights), Count 1..VfsLimits.MaxDescriptors;
    // TimeoutMs -1 waits for ever, 0 answers at once. VFS fills each
    // entry's Returned (Requested's events that are ready, plus Error,
    // HangUp, and Invalid for a descriptor not open) and answers the
    // number of entries with any, once one has (0: the timeout passed).
    // Files are always ready; pipes and terminals, sockets and other
    // devices are asked (DriverRequest.Select). A poll held in VFS is
    // dropped when its caller ends; a signal ends it with Interrupted.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsPollRequest
    {
        [FieldOffset(0)] public long Grant;
        [FieldOffset(8)] public long Count;
        [FieldOffset(16)] public long TimeoutMs;

        public static VfsPollRequest* Of(Message* message) => (VfsPollRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VfsPollReply
    {
        [FieldOffset(0)] public long Ready;

        public static VfsPollReply* Of(Message* message) => (VfsPollReply*)message->Payload;
    }

    // One poll(2) record: events as SelectEvents (src/Lib/Ipc/DriverProtocol.cs).
    [StructLayout(LayoutKind.Explicit, Size = 8)]
    public struct PollEntry
    {
        [FieldOffset(0)] public int Descriptor;
        [FieldOffset(4)] public short Requested;
        [FieldOffset(6)] public short Returned;
    }
}
