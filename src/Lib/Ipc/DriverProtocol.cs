namespace Minix3.Cosmos.Lib.Ipc
{
    // The device-driver protocol: what VFS (and test clients) send to
    // character and block drivers, and what comes back. Data never travels
    // in messages: the client grants the driver access to its buffer and the
    // driver copies through the grant (SafeCopyTo/From), so a driver never
    // touches memory it was not granted.
    //   Open      Word0 minor, Word1 access (AccessRead | AccessWrite)
    //   Close     Word0 minor
    //   Read      Word0 minor, Word1 position, Word2 grant id (writable by
    //   Write               the driver for Read, readable for Write),
    //                       Word3 length; Read only: Word4 flags, bit 0
    //                       (ReadWait) "wait for data": a character driver
    //                       with nothing to give holds the reply back until
    //                       data comes (or the read is cancelled) instead of
    //                       answering 0 bytes at once. One waiting read per
    //                       minor per driver: a second gets Status.Busy.
    //                       Without the flag a read answers at once.
    //   Cancel    Word0 minor: ends the caller's own waiting read on that
    //             minor. That read is answered first (Word0 Interrupted,
    //             Word1 Read), then the Cancel (Ok; NothingPending when the
    //             caller has no waiting read there, e.g. it just completed).
    //   Ioctl     Word0 minor, Word1 request, Word2 grant id, Word3 length
    //   Geometry  Word0 minor                (block drivers)
    //   Ping      (nothing)                  heartbeat: answered at once
    // A client with a waiting read must not use SendRec to the same driver
    // for something else if the read may complete meanwhile: replies are
    // asynchronous and matched by Word1 (the request type), so it should
    // Send and then Receive, checking Word1.
    // Reply: Type = Reply, Word0 = bytes transferred or a Status (< 0),
    // Word1 = the request type answered, Word2 = Geometry: device size in
    // bytes, Word3 = Geometry: block size, Word4 = the minor the request
    // named (so replies of one type on several minors can be told apart).
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
        public const int Reply = 0x2FF;

        public const int AccessRead = 1;
        public const int AccessWrite = 2;

        // Read Word4 bits.
        public const long ReadWait = 1;

        // Largest transfer a driver accepts in one request.
        public const int MaxTransfer = 1 << 20;
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
