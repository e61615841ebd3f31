namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // Results of the socket API: a count or handle when >= 0, else one of
    // these negated Linux errno numbers, which the inet server passes on.
    public static class NetError
    {
        public const int Ok = 0;
        public const int BadHandle = -9;          // EBADF
        public const int WouldBlock = -11;        // EAGAIN
        public const int NoMemory = -12;          // ENOMEM
        public const int Invalid = -22;           // EINVAL
        public const int TooManySockets = -24;    // EMFILE
        public const int BrokenPipe = -32;        // EPIPE
        public const int MessageTooLong = -90;    // EMSGSIZE
        public const int NetworkDown = -100;      // ENETDOWN: the interface's driver is stopped
        public const int NotSupported = -95;      // EOPNOTSUPP
        public const int AddressInUse = -98;      // EADDRINUSE
        public const int AddressNotAvailable = -99; // EADDRNOTAVAIL
        public const int NetworkUnreachable = -101; // ENETUNREACH
        public const int ConnectionReset = -104;  // ECONNRESET
        public const int IsConnected = -106;      // EISCONN
        public const int NotConnected = -107;     // ENOTCONN
        public const int TimedOut = -110;         // ETIMEDOUT
        public const int ConnectionRefused = -111; // ECONNREFUSED
        public const int HostUnreachable = -113;  // EHOSTUNREACH
        public const int Already = -114;          // EALREADY
        public const int InProgress = -115;       // EINPROGRESS
    }
}
