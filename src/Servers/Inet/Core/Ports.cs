namespace Minix3.Cosmos.Servers.Inet.Core
{
    // What the socket side needs from the world, as interfaces so the host
    // unit tests can hand it fakes: the server binds them to the kernel's
    // safe copies and to asynchronous replies.

    // Copies through a client's grant; each returns Status.Ok or a status.
    public interface IClientMemory
    {
        int CopyFrom(int owner, long grant, int offset, byte[] into, int at, int count);
        int CopyTo(int owner, long grant, int offset, byte[] from, int at, int count);
    }

    // A DriverReplyMessage to `destination` (Result, Request, Minor),
    // never blocking; the send's status.
    public interface IReplySink
    {
        int Reply(int destination, int request, long result, long minor);
    }

    // What only the server knows of an Ethernet interface (the engine's
    // index): whether its driver reports carrier, and the driver's
    // endpoint (0: none yet).
    public interface IInterfaceView
    {
        bool HasLink(int index);
        int DriverOf(int index);
    }
}
