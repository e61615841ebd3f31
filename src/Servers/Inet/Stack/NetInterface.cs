namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // One configured interface: "lo" (always index 0, 127.0.0.1/8, no link)
    // or an Ethernet link with its address, netmask and default router.
    public sealed class NetInterface
    {
        public readonly string Name;
        public readonly INetLink? Link;
        public readonly int Index;
        public uint Address;
        public uint Mask;
        public uint Gateway;
        // Its driver is stopped for good (RS past its restart limit, or
        // `service down`): no route goes through it until it comes back.
        public bool DriverDown;
        public uint[] Dns = new uint[0];
        public readonly ArpCache Arp = new ArpCache();

        // For ifconfig: frames and bytes through this interface (loopback:
        // IP packets).
        public long PacketsIn, PacketsOut, BytesIn, BytesOut;
        internal DhcpClient? Dhcp;

        internal NetInterface(int index, string name, INetLink? link)
        {
            Index = index;
            Name = name;
            Link = link;
        }

        public bool IsLoopback => Link == null;
        public ulong Mac => Link == null ? 0 : Link.Mac;
        // Loopback carries big packets so local TCP moves data in few segments.
        public int Mtu => Link == null ? 16384 : Link.Mtu;

        public bool OnLink(uint ip) => Address != 0 && (ip & Mask) == (Address & Mask);

        public bool IsBroadcastFor(uint ip) =>
            ip == IpAddress.Broadcast || (Address != 0 && Mask != 0xFFFFFFFF && ip == (Address | ~Mask));

        public DhcpState DhcpState => Dhcp == null ? DhcpState.Off : Dhcp.State;
    }
}
