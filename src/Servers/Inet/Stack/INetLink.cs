namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // One Ethernet link as the engine sees it. The inet server implements it
    // with messages to a driver (found through DS); the unit tests with an
    // in-memory wire. Send takes a whole Ethernet II frame without the FCS;
    // the engine never touches the array after Send returns, so the link may
    // keep or copy it.
    public interface INetLink
    {
        ulong Mac { get; }

        // Largest IP packet the link carries (1500 on Ethernet).
        int Mtu { get; }

        void Send(byte[] frame, int length);
    }
}
