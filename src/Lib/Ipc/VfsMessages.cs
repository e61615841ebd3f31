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
