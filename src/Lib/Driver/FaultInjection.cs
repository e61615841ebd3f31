using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Lib.Driver
{
    // Faults injected on purpose (`service fi`), for the crash experiments:
    // the reincarnation server asks, the driver library fails the way asked
    // — a panic, an endless loop, or a read of unmapped memory (a CPU
    // exception, which the kernel reports as such, not as an exception the
    // component could catch), a reply that breaks protocol, or a panic when
    // the next request arrives (the request dies with the driver, as when
    // a driver crashes serving it), or, for a device that does DMA, its
    // receives aimed at memory the driver was not given (the device
    // class's hook: EthernetDriver.AimReceivesAt), or a request served and
    // never answered (an Ethernet driver: its next send). Obeyed only from RS: anyone else's
    // notice is ignored.
    internal static unsafe class FaultInjection
    {
        // Far from null and from anything a component maps.
        private const ulong Unmapped = 0x0000_7000_0000_0000;

        // The driver's next transfer reply claims more bytes than the
        // request asked for: a driver breaking protocol while it keeps
        // running, which only its clients can notice (they complain to
        // RS). The library's own fault, beside RsFault's three.
        public const long BadReply = RsFault.BadReply;

        // Where `service fi LABEL dma` aims the device: the firmware's ROM
        // at the top of the first 4 GiB (a 32-bit address, for devices like
        // the RTL8139 that take no more), so that without an IOMMU the
        // frames land in read-only memory (the hostile test component aims
        // at real memory), and with one the domain has no page there.
        public const ulong WildDmaTarget = 0xFFF0_0000;

        private static bool s_breakNextReply;
        private static bool s_wildDma;
        private static bool s_crashOnRequest;
        private static bool s_loseReply;

        // True once after a LoseReply notice: this reply is not sent (the
        // request is lost while the driver runs on and answers pings: a
        // client waiting on it must notice by its own deadline).
        public static bool TakeLostReply()
        {
            bool lose = s_loseReply;
            s_loseReply = false;
            return lose;
        }

        // A request (not a ping) is about to be served: panics if a
        // CrashOnRequest notice came first.
        public static void RequestArrived()
        {
            if (s_crashOnRequest)
                Process.Panic("fault injected: crash on request");
        }

        // True once after a BadReply notice: this reply is to be broken.
        public static bool TakeBadReply()
        {
            bool breakIt = s_breakNextReply;
            s_breakNextReply = false;
            return breakIt;
        }

        // True once after a WildDma notice: the device is to be aimed.
        public static bool TakeWildDma()
        {
            bool aim = s_wildDma;
            s_wildDma = false;
            return aim;
        }

        public static void Obey(Endpoint sender, long fault)
        {
            if (sender != Endpoints.Lookup("rs"))
                return;
            if (fault == RsFault.Crash)
                Process.Panic("fault injected: crash");
            if (fault == RsFault.Hang)
            {
                while (true) { }
            }
            if (fault == BadReply)
                s_breakNextReply = true;
            if (fault == RsFault.CrashOnRequest)
                s_crashOnRequest = true;
            if (fault == RsFault.WildDma)
                s_wildDma = true;
            if (fault == RsFault.LoseReply)
                s_loseReply = true;
            if (fault == RsFault.BadMemory)
                Diagnostics.Print("fault injected: read " + (*(long*)Unmapped).ToString());
        }
    }
}
