namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // Counters for netstat and the bad-network tests: everything the engine
    // receives is either delivered or counted under a reason it was dropped.
    public sealed class NetStats
    {
        // Ethernet
        public long FramesIn, FramesOut, FramesShort, FramesOtherType, FramesNotForUs, FramesNoLink;

        // ARP
        public long ArpIn, ArpOut, ArpMalformed, ArpRequestsIn, ArpRepliesIn, ArpRepliesOut;
        public long ArpExpired, ArpUnresolved, ArpPendingDropped, ArpConflicts, ArpGratuitousIgnored;

        // IPv4
        public long IpIn, IpOut, IpMalformed, IpBadChecksum, IpBadLength, IpNotForUs, IpBadTtl;
        public long IpUnknownProtocol, IpNoRoute, IpFragmentsIn, IpReassembled, IpReassemblyTimeouts;
        public long IpReassemblyDropped, IpOverlaps, IpTooBig;

        // ICMP
        public long IcmpIn, IcmpOut, IcmpMalformed, IcmpBadChecksum, IcmpEchoRequests, IcmpEchoReplies;
        public long IcmpOtherTypes, IcmpUnmatchedReplies, IcmpUnreachablesIn, IcmpErrorsOut, IcmpErrorsLimited;

        // UDP
        public long UdpIn, UdpOut, UdpMalformed, UdpBadChecksum, UdpNoPort, UdpQueueFull;

        // TCP
        public long TcpIn, TcpOut, TcpMalformed, TcpBadChecksum, TcpBadOptions, TcpNoConnection;
        public long TcpResetsIn, TcpResetsOut, TcpRetransmits, TcpFastRetransmits, TcpTimeouts;
        public long TcpSynBacklogFull, TcpChallengeAcks, TcpOutOfOrder, TcpOutOfOrderDropped;
        public long TcpOutOfWindow, TcpActiveOpens, TcpPassiveOpens, TcpDupAcks, TcpAborts;

        // DHCP
        public long DhcpIn, DhcpOut, DhcpMalformed, DhcpIgnored;

        // An exception caught at an entry point: a bug, never a crash.
        public long InternalErrors;
    }
}
