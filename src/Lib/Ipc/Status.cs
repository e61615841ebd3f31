namespace Minix3.Cosmos.Lib.Ipc
{
    // Results of traps and kernel calls: zero or positive is success, each
    // failure has its own negative code (MINIX's names in the comments).
    public static class Status
    {
        public const int Ok = 0;
        public const int BadTrap = -1;            // unknown trap number (EBADCALL)
        public const int NotAllowed = -2;         // privilege table forbids it (ECALLDENIED)
        public const int DeadEndpoint = -3;       // no such process, or an old generation (EDEADSRCDST)
        public const int Deadlock = -4;           // a send cycle would block forever (ELOCKED)
        public const int BadAddress = -5;         // a buffer is not the caller's memory (EFAULT)
        public const int BadArgument = -6;        // (EINVAL)
        public const int WouldBlock = -7;         // async queue full (EAGAIN/ENOTREADY)
        public const int BadGrant = -8;           // forged, stale, revoked grant or wrong grantee (EPERM)
        public const int GrantRights = -9;        // grant lacks read or write rights
        public const int OutOfRange = -10;        // outside the granted or allowed range
        public const int NoMemory = -11;          // quota or physical memory exhausted (ENOMEM)
        public const int BadKernelCall = -12;     // unknown kernel call number
        public const int Busy = -13;              // resource owned by another component (EBUSY)
    }
}
