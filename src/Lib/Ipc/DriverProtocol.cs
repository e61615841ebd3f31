using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The device-driver protocol: what VFS (and test clients) send to
    // character and block drivers, and what comes back. Data never travels
    // in messages: the client grants the driver access to its buffer and the
    // driver copies through the grant (SafeCopyTo/From), so a driver never
    // touches memory it was not granted. Requests (DriverRequestMessage):
    //   Open      Minor, Access (AccessRead | AccessWrite)
    //   Close     Minor
    //   Read      Minor, Position, Grant (writable by the driver for Read,
    //   Write     readable for Write), Length; Read only: Flags, ReadWait
    //             "wait for data": a character driver with nothing to give
    //             holds the reply back until data comes (or the read is
    //             cancelled) instead of answering 0 bytes at once. One
    //             waiting read per minor per driver: a second gets
    //             Status.Busy. Without the flag a read answers at once.
    //   Cancel    Minor, Flags = the request type to cancel (0 or Read:
    //             the waiting read; Write, Ioctl or Select: that held
    //             call): ends the caller's own held call on that minor.
    //             That read is answered first (Result Interrupted, Request
    //             Read), then the Cancel (Ok; NothingPending when the caller
    //             has no waiting read there, e.g. it just completed).
    //   Ioctl     Minor, IoctlRequest, Grant, Length
    //   Select    Minor, Flags = the SelectEvents asked for, plus
    //             SelectEvents.Wait: Result = the asked events ready now
    //             (a subset; SelectEvents.Error and HangUp always count).
    //             Without Wait the answer comes at once (0: none ready);
    //             with Wait a driver with none ready holds the reply until
    //             one is (one held Select per minor per client, like a
    //             waiting read). Cancel with Flags = Select ends it.
    // Open of a cloning device (VFS's DeviceEntry "clone": inet's
    // /dev/tcp) answers Result = a fresh minor, which the opener uses from
    // then on; Close of that minor ends it (VFS sends it when the last
    // descriptor on the open file closes). Other drivers answer Open Ok.
    // VFS names the user it calls for in Client (Open, Read, Write,
    // Ioctl, Select): a driver may keep per-user state (inet's Accept
    // checks the socket it fills belongs to the caller).
    //   Geometry  Minor                     (block drivers)
    //   Ping      (nothing)                 heartbeat: answered at once
    // A client with a waiting read must not use SendRec to the same driver
    // for something else if the read may complete meanwhile: replies are
    // asynchronous and matched by DriverReplyMessage.Request (the request
    // type answered), so it should Send and then Receive, checking it.
    // Reply: Type = Reply, DriverReplyMessage.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct DriverRequestMessage
    {
        // 64 bits wide: the driver refuses a minor beyond int rather than cut it.
        [FieldOffset(0)] public long Minor;
        [FieldOffset(8)] public long Access;        // Open
        [FieldOffset(8)] public long Position;      // Read, Write
        [FieldOffset(8)] public long IoctlRequest;  // Ioctl
        [FieldOffset(16)] public long Grant;        // GrantId value
        [FieldOffset(24)] public long Length;
        [FieldOffset(32)] public long Flags;        // Read: ReadWait, Addressed, DontWait; Write: Addressed, DontWait; Select: SelectEvents; Cancel: the request type
        [FieldOffset(40)] public long Client;       // Open, Read, Write, Ioctl, Select: the user VFS calls for (Endpoint value; 0 unknown)

        public static DriverRequestMessage* Of(Message* message) => (DriverRequestMessage*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct DriverReplyMessage
    {
        [FieldOffset(0)] public long Result;      // bytes transferred, or a Status (< 0)
        [FieldOffset(8)] public long Request;     // the request type answered
        [FieldOffset(16)] public long DeviceSize; // Geometry: bytes
        [FieldOffset(24)] public long BlockSize;  // Geometry
        [FieldOffset(32)] public long Minor;      // the minor the request named (replies of one type on several minors told apart)

        public static DriverReplyMessage* Of(Message* message) => (DriverReplyMessage*)message->Payload;
    }

    public static class DriverRequest
    {
        public const int Open = 0x200;
        public const int Close = 0x201;
        public const int Read = 0x202;
        public const int Write = 0x203;
        public const int Ioctl = 0x204;
        public const int Geometry = 0x205;
        public const int Ping = 0x206;
        public const int Cancel = 0x207;
        public const int Select = 0x208;
        public const int Reply = 0x2FF;

        public const int AccessRead = 1;
        public const int AccessWrite = 2;

        // DriverRequestMessage.Flags bits (Read).
        public const long ReadWait = 1;
        // Read and Write: the data starts with a SocketAddressHeader
        // (sendto/recvfrom; VFS passes the user's TransferFlags.Addressed).
        public const long Addressed = 2;
        // Write: take what fits now, never wait for room (0 bytes taken:
        // SocketError.WouldBlock). A read without ReadWait never waits.
        public const long DontWait = 4;

        // Largest transfer a driver accepts in one request.
        public const int MaxTransfer = 1 << 20;
    }

    // Select's events (DriverRequestMessage.Flags, DriverReplyMessage.Result)
    // and VFS Poll's (PollEntry), as poll(2)'s POLLIN/POLLOUT/POLLERR/POLLHUP
    // (POLLNVAL: a descriptor not open).
    public static class SelectEvents
    {
        public const int Readable = 1;
        public const int Writable = 4;
        public const int Error = 8;
        public const int HangUp = 16;
        public const int Invalid = 32;
        public const long Wait = 0x100;
    }

    // Driver-specific failures, beside Status's.
    public static class DriverStatus
    {
        public const int NoSuchDevice = -30;      // unknown minor (ENXIO)
        public const int NotATypewriter = -31;    // ioctl the driver does not know (ENOTTY)
        public const int IoError = -32;           // the device failed (EIO)
        public const int ReadOnly = -33;          // (EROFS)
        public const int BadRequest = -34;        // unknown or malformed request
        public const int Interrupted = -35;       // a waiting read was cancelled (EINTR)
        public const int NothingPending = -36;    // Cancel: the caller has no waiting read on that minor
    }
}
