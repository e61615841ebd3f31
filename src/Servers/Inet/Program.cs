using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Inet
{
    // inet, the TCP/IP server (MINIX's inet): hosts the protocol engine
    // (Stack/, NetStack), feeds it the frames of the Ethernet drivers it
    // finds by label (e1000, then rtl8139: eth0, eth1) and serves sockets
    // as character devices to VFS (/dev/tcp, /dev/udp, /dev/icmp clone a
    // socket; /dev/inet is the control minor; Core/SocketServer). One
    // receive loop takes VFS's driver requests, the drivers' replies and
    // link notices, DS's notices of driver restarts, the alarm for the
    // engine's timers, and RS's heartbeat pings. It waits on nobody but a
    // driver taking a request (the driver library takes requests between
    // its own work and answers asynchronously); its own replies go out
    // asynchronously. A missing or failing driver leaves its interface
    // down; inet itself never ends because of one.
    public static unsafe class Program
    {
        // Grants: EthernetPort.GrantsPerPort per driver label.
        private static readonly GrantEntry[] s_grants = new GrantEntry[InetServer.Labels.Length * EthernetPort.GrantsPerPort];

        public static int Main()
        {
            fixed (GrantEntry* grants = s_grants)
            {
                int status = Grants.Publish(grants, s_grants.Length);
                if (status != Status.Ok)
                    Diagnostics.Print(string.Concat("inet: grant table refused (status ", status.ToString(), "); no Ethernet"));
                new InetServer(grants).Run();
            }
            return 0;
        }
    }
}
