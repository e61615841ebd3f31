using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // Runs a DHCP client on an interface: its messages leave that interface
    // from port 68 (broadcast while it has no address), and each lease
    // reconfigures it.
    public sealed partial class NetStack
    {
        private sealed class DhcpBinding : IDhcpHost
        {
            private readonly NetStack _stack;
            private readonly NetInterface _ifc;

            public DhcpBinding(NetStack stack, NetInterface ifc)
            {
                _stack = stack;
                _ifc = ifc;
            }

            public void SendDhcp(ReadOnlySpan<byte> message, uint src, uint dst) =>
                _stack.UdpSend(src, DhcpClient.ClientPort, dst, DhcpClient.ServerPort, message, _ifc);

            public void LeaseChanged(DhcpLease? lease)
            {
                if (lease == null)
                {
                    _stack.Configure(_ifc.Index, 0, 0, 0);
                    _ifc.Dns = new uint[0];
                }
                else
                {
                    _stack.Configure(_ifc.Index, lease.Address, lease.Mask, lease.Router);
                    _ifc.Dns = lease.Dns;
                }
            }
        }

        public void StartDhcp(int index, long now)
        {
            Enter(now);
            try
            {
                NetInterface ifc = _interfaces[index];
                if (ifc.IsLoopback)
                    return;
                ifc.Dhcp = new DhcpClient(ifc.Mac, (uint)NextRandom(), new DhcpBinding(this, ifc)) { Stats = Stats };
                ifc.Dhcp.Start(_now);
            }
            catch (Exception) { Stats.InternalErrors++; }
            finally { Leave(); }
        }

        // A static address replaces DHCP (ifconfig NAME ADDRESS): the client
        // is dropped, so no later lease, renewal or expiry overrides it.
        public void StopDhcp(int index) => _interfaces[index].Dhcp = null;

        public DhcpLease? Lease(int index) => _interfaces[index].Dhcp?.Lease;
    }
}
