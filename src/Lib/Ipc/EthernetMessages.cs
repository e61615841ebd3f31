using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The Ethernet driver protocol (e1000, rtl8139; src/Lib/Driver
    // EthernetDriver), between a driver and its one client (the TCP/IP
    // server, inet; MINIX's ndev protocol). Frames never travel in
    // messages: the client grants its buffers. A driver serves one client,
    // the last to Open it; Send and Receive from anyone else are refused
    // (NotClient). Requests go by Send (or SendAsync); every reply is
    // asynchronous, Type = Reply, EthReply, matched by Request and Id:
    //   Open      EthOpenRequest: Filter -> EthReply: Mac, Link, Filter.
    //             Makes the sender the client; receives another client had
    //             posted are dropped unanswered, frames already queued stay
    //             queued. The receive filter asked (EthFilter; 0: Default)
    //             is programmed; the reply says the one in force.
    //   Send      EthTransferRequest: Id, Grant (readable by the driver),
    //             Length (EthLimits.MinFrame .. MaxFrame: destination,
    //             source, type and data; no FCS, the device adds it) ->
    //             EthReply: Result = Length once the device reports the
    //             frame sent (never before), or a status: Busy (every
    //             transmit slot in use: wait for a Send's reply and send
    //             again), BadLength, a copy's status, IoError (the device
    //             gave up on it).
    //   Receive   EthTransferRequest: Id, Grant (writable by the driver),
    //             Length (room, at least MaxFrame) -> EthReply when a frame
    //             arrives: Result = its length. Up to EthLimits.MaxReceives
    //             posted at a time (one more: Busy at once). Frames that
    //             come while none is posted wait in a bounded queue; when
    //             that is full they are dropped and counted (Drops).
    //   Statistics EthOpenRequest -> EthStatisticsReply: Link and counts
    //             since this instance started (anyone may ask).
    // When the link goes up or down the driver notifies its client (a
    // notification from the driver's endpoint): ask Statistics for Link.
    // The link is also in DS as "<label>.link" (1 up, 0 down).
    // A restarted driver (RS publishes "ep.<label>"; RestartNotices)
    // has reset and reprogrammed the device and knows no client: the
    // client Opens it again, posts its receives again and sends again
    // every frame whose Send had no reply (it may have gone out once).
    public static class EthRequest
    {
        public const int Open = 0xE701;
        public const int Send = 0xE702;
        public const int Receive = 0xE703;
        public const int Statistics = 0xE704;
        public const int Reply = 0xE7FF;
    }

    public static class EthStatus
    {
        public const int NotClient = -140;  // Send/Receive from an endpoint that has not Opened the driver
        public const int BadLength = -141;  // a frame or buffer length out of bounds
    }

    // What a client complains of (Reincarnation.Complain's code) when its
    // driver breaks this protocol: RS then replaces the driver.
    public static class EthBreach
    {
        public const int ReceiveLength = 1;   // a Receive answered with more bytes than a frame or the buffer
        public const int UnknownId = 2;       // a Receive answered for a buffer never posted
        public const int UnknownReply = 3;    // an answer to no request of this protocol
        public const int SendUnanswered = 4;  // a Send taken and not answered for the client's deadline, link up (inet: 4 s)
    }

    // Which frames the device passes on (bits of EthOpenRequest.Filter and
    // EthReply.Filter). Frames to the device's own address always pass.
    public static class EthFilter
    {
        public const int Unicast = 1;       // frames to the device's address
        public const int Broadcast = 2;
        public const int AllMulticast = 4;
        public const int Promiscuous = 8;   // every frame on the wire
        public const int Default = Unicast | Broadcast;
        public const int All = Unicast | Broadcast | AllMulticast | Promiscuous;
    }

    public static class EthLimits
    {
        public const int MinFrame = 14;     // an Ethernet header (the device pads to 60)
        public const int MaxFrame = 1514;   // header + 1500 bytes of data
        public const int MaxReceives = 16;  // receives posted at once
    }

    // Offset 0 is the interface (always 0): the driver library's loop
    // refuses a minor beyond int there, as for every driver.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct EthOpenRequest
    {
        [FieldOffset(0)] public long Interface;
        [FieldOffset(8)] public long Filter;     // Open: EthFilter bits (0: EthFilter.Default)

        public static EthOpenRequest* Of(Message* message) => (EthOpenRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct EthTransferRequest
    {
        [FieldOffset(0)] public long Interface;
        [FieldOffset(8)] public long Id;         // the client's, echoed in the reply
        [FieldOffset(16)] public long Grant;     // GrantId value
        [FieldOffset(24)] public long Length;

        public static EthTransferRequest* Of(Message* message) => (EthTransferRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct EthReply
    {
        [FieldOffset(0)] public long Result;     // Send: bytes sent; Receive: frame length; else Ok; or a status (< 0)
        [FieldOffset(8)] public int Request;     // the request type answered
        [FieldOffset(12)] public int Link;       // 1 up, 0 down (Open)
        [FieldOffset(16)] public long Id;        // Send, Receive: the request's Id
        [FieldOffset(24)] public long Mac;       // Open: byte i of the address is (Mac >> 8 * i) & 0xff
        [FieldOffset(32)] public long Filter;    // Open: the receive filter in force (EthFilter)

        public static EthReply* Of(Message* message) => (EthReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct EthStatisticsReply
    {
        [FieldOffset(0)] public long Result;
        [FieldOffset(8)] public int Request;
        [FieldOffset(12)] public int Link;
        [FieldOffset(16)] public uint FramesIn;
        [FieldOffset(20)] public uint FramesOut;
        [FieldOffset(24)] public long BytesIn;
        [FieldOffset(32)] public long BytesOut;
        [FieldOffset(40)] public uint ErrorsIn;   // frames the device received damaged (CRC, length)
        [FieldOffset(44)] public uint ErrorsOut;  // sends the device gave up on
        [FieldOffset(48)] public uint Drops;      // frames dropped: the queue was full
        [FieldOffset(52)] public uint Queued;     // frames waiting in the queue now

        public static EthStatisticsReply* Of(Message* message) => (EthStatisticsReply*)message->Payload;
    }
}
