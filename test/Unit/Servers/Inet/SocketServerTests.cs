using System;
using System.Text;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Inet.Core;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Inet;

// inet's socket side (src/Servers/Inet/Core/SocketServer) driven as VFS
// drives it: driver requests with grants into fake client memory, over a
// real engine whose loopback interface carries the traffic. Held requests
// are answered by Retry, as the server's loop calls it after every message.
[TestFixture]
public class SocketServerTests
{
    private const int Vfs = 77;
    private const long User = 1001, OtherUser = 1002;
    private static readonly uint Loopback = IpAddress.Loopback;

    private NetStack _stack = null!;
    private FakeClients _clients = null!;
    private SocketServer _server = null!;
    private long _now;

    [SetUp]
    public void SetUp()
    {
        _stack = new NetStack(15);
        _clients = new FakeClients();
        _server = new SocketServer(_stack, _clients, _clients, _clients);
        _now = 1000;
    }

    private long Call(int type, long minor, long argument = 0, byte[]? memory = null, long flags = 0, long client = User, int source = Vfs)
    {
        long grant = memory == null ? 0 : _clients.Grant(source, memory);
        var request = new SocketRequest
        {
            Source = source, Type = type, Minor = minor, Argument = argument, Grant = grant,
            Length = memory?.Length ?? 0, Flags = flags, Client = client,
        };
        long result = _server.Handle(request, _now);
        _server.Retry(_now);
        return result;
    }

    private int Open(int minor, long client = User)
    {
        long minorOrError = Call(DriverRequest.Open, minor, DriverRequest.AccessRead | DriverRequest.AccessWrite, client: client);
        Assert.That(minorOrError, Is.GreaterThanOrEqualTo(SocketDevice.FirstSocketMinor), "a clone minor");
        return (int)minorOrError;
    }

    private long Ioctl(long minor, long request, byte[] block, long client = User) =>
        Call(DriverRequest.Ioctl, minor, request, block, client: client);

    private static byte[] AddressBlock(uint address, int port)
    {
        var block = new byte[16];
        BitConverter.GetBytes(address).CopyTo(block, 0);
        BitConverter.GetBytes(port).CopyTo(block, 4);
        return block;
    }

    private static byte[] ValueBlock(long value) => BitConverter.GetBytes(value);

    private static byte[] Addressed(uint address, int port, string text)
    {
        byte[] data = Encoding.ASCII.GetBytes(text);
        var buffer = new byte[SocketAddressHeader.Size + data.Length];
        BitConverter.GetBytes(address).CopyTo(buffer, 0);
        BitConverter.GetBytes((ushort)port).CopyTo(buffer, 4);
        data.CopyTo(buffer, SocketAddressHeader.Size);
        return buffer;
    }

    private int BoundUdp(int port)
    {
        int minor = Open(SocketDevice.UdpMinor);
        Assert.That(Ioctl(minor, SocketIoctl.Bind, AddressBlock(Loopback, port)), Is.EqualTo(Status.Ok));
        return minor;
    }

    private int LocalPort(int minor)
    {
        byte[] block = new byte[16];
        Assert.That(Ioctl(minor, SocketIoctl.LocalName, block), Is.EqualTo(Status.Ok));
        return BitConverter.ToInt32(block, 4);
    }

    [Test]
    public void CloneMinorsOpenFreshSocketsAndUnknownMinorsAreNoSuchDevice()
    {
        int tcp = Open(SocketDevice.TcpMinor), udp = Open(SocketDevice.UdpMinor), icmp = Open(SocketDevice.IcmpMinor);
        Assert.That(new[] { tcp, udp, icmp }, Is.EqualTo(new[] { 16, 17, 18 }));
        Assert.That(Call(DriverRequest.Open, SocketDevice.ControlMinor), Is.EqualTo(Status.Ok), "the control minor does not clone");
        Assert.That(Call(DriverRequest.Open, 7), Is.EqualTo(DriverStatus.NoSuchDevice));
        Assert.That(Call(DriverRequest.Read, 99, 0, new byte[4]), Is.EqualTo(DriverStatus.NoSuchDevice), "a minor never handed out");
        var block = new byte[8];
        Assert.That(Ioctl(udp, SocketIoctl.Identify, block), Is.EqualTo(Status.Ok));
        Assert.That(BitConverter.ToInt64(block, 0), Is.EqualTo(udp));
        Assert.That(Call(DriverRequest.Close, udp), Is.EqualTo(Status.Ok));
        Assert.That(Call(DriverRequest.Read, udp, 0, new byte[4]), Is.EqualTo(DriverStatus.NoSuchDevice), "a closed minor, as after an inet restart");
        Assert.That(Open(SocketDevice.UdpMinor), Is.EqualTo(19), "closed minors are not handed out again at once");
    }

    [Test]
    public void UdpDatagramsTravelOverLoopbackWithTheirAddresses()
    {
        int receiver = BoundUdp(7000);
        int sender = Open(SocketDevice.UdpMinor);
        byte[] datagram = Addressed(Loopback, 7000, "hello, inet");
        Assert.That(Call(DriverRequest.Write, sender, 0, datagram, DriverRequest.Addressed), Is.EqualTo(datagram.Length), "the count includes the header");
        int senderPort = LocalPort(sender);
        Assert.That(senderPort, Is.InRange(49152, 65535), "an ephemeral port bound by the send");

        var into = new byte[64];
        long got = Call(DriverRequest.Read, receiver, 0, into, DriverRequest.Addressed | DriverRequest.ReadWait);
        Assert.That(got, Is.EqualTo(SocketAddressHeader.Size + 11));
        Assert.That(BitConverter.ToUInt32(into, 0), Is.EqualTo(Loopback));
        Assert.That(BitConverter.ToUInt16(into, 4), Is.EqualTo(senderPort));
        Assert.That(Encoding.ASCII.GetString(into, 8, 11), Is.EqualTo("hello, inet"));
    }

    [Test]
    public void AWaitingReadIsHeldUntilADatagramComesAndAPlainReadSaysWouldBlock()
    {
        int receiver = BoundUdp(7001);
        Assert.That(Call(DriverRequest.Read, receiver, 0, new byte[32]), Is.EqualTo(SocketError.WouldBlock));
        var into = new byte[32];
        Assert.That(Call(DriverRequest.Read, receiver, 0, into, DriverRequest.ReadWait), Is.EqualTo(SocketServer.NoReply));
        Assert.That(Call(DriverRequest.Read, receiver, 0, new byte[32], DriverRequest.ReadWait), Is.EqualTo(Status.Busy), "one waiting read per minor");
        Assert.That(Call(DriverRequest.Read, receiver, 0, new byte[32], DriverRequest.ReadWait | DriverRequest.DontWait), Is.EqualTo(SocketError.WouldBlock));
        Assert.That(_clients.Replies, Is.Empty);

        int sender = Open(SocketDevice.UdpMinor);
        Call(DriverRequest.Write, sender, 0, Addressed(Loopback, 7001, "late"), DriverRequest.Addressed);
        Assert.That(_clients.Replies, Is.EqualTo(new[] { (Vfs, DriverRequest.Read, 4L, (long)receiver) }));
        Assert.That(Encoding.ASCII.GetString(into, 0, 4), Is.EqualTo("late"));
    }

    [Test]
    public void CancelEndsTheHeldRequestWithInterruptedBeforeItsOwnOk()
    {
        int receiver = BoundUdp(7002);
        Assert.That(Call(DriverRequest.Read, receiver, 0, new byte[8], DriverRequest.ReadWait), Is.EqualTo(SocketServer.NoReply));
        Assert.That(Call(DriverRequest.Cancel, receiver, 0, flags: DriverRequest.Write), Is.EqualTo(DriverStatus.NothingPending), "no held write");
        Assert.That(Call(DriverRequest.Cancel, receiver, 0, flags: DriverRequest.Read, source: Vfs + 1), Is.EqualTo(DriverStatus.NothingPending), "someone else's read");
        Assert.That(Call(DriverRequest.Cancel, receiver, 0, flags: DriverRequest.Read), Is.EqualTo(Status.Ok));
        Assert.That(_clients.Replies, Is.EqualTo(new[] { (Vfs, DriverRequest.Read, (long)DriverStatus.Interrupted, (long)receiver) }));
        Assert.That(Call(DriverRequest.Cancel, receiver, 0, flags: 0), Is.EqualTo(DriverStatus.NothingPending), "it is gone");
    }

    [Test]
    public void ReadIntoABadGrantFailsWithoutLosingTheDatagram()
    {
        int receiver = BoundUdp(7003);
        int sender = Open(SocketDevice.UdpMinor);
        Call(DriverRequest.Write, sender, 0, Addressed(Loopback, 7003, "kept"), DriverRequest.Addressed);
        var request = new SocketRequest { Source = Vfs, Type = DriverRequest.Read, Minor = receiver, Grant = 999, Length = 16 };
        Assert.That(_server.Handle(request, _now), Is.EqualTo(Status.BadGrant));
        var into = new byte[16];
        Assert.That(Call(DriverRequest.Read, receiver, 0, into), Is.EqualTo(4));
        Assert.That(Encoding.ASCII.GetString(into, 0, 4), Is.EqualTo("kept"));
    }

    [Test]
    public void SelectAnswersReadinessAndHoldsAWaitingOneUntilDataComes()
    {
        int receiver = BoundUdp(7004);
        Assert.That(Call(DriverRequest.Select, receiver, flags: SelectEvents.Readable | SelectEvents.Writable), Is.EqualTo(SelectEvents.Writable));
        Assert.That(Call(DriverRequest.Select, receiver, flags: SelectEvents.Readable), Is.EqualTo(0), "nothing ready, no wait");
        Assert.That(Call(DriverRequest.Select, receiver, flags: SelectEvents.Readable | SelectEvents.Wait), Is.EqualTo(SocketServer.NoReply));
        int sender = Open(SocketDevice.UdpMinor);
        Call(DriverRequest.Write, sender, 0, Addressed(Loopback, 7004, "x"), DriverRequest.Addressed);
        Assert.That(_clients.Replies, Is.EqualTo(new[] { (Vfs, DriverRequest.Select, (long)SelectEvents.Readable, (long)receiver) }));
    }

    [Test]
    public void TcpListenConnectAcceptAndStreamOverLoopback()
    {
        int listener = Open(SocketDevice.TcpMinor);
        Assert.That(Ioctl(listener, SocketIoctl.Bind, AddressBlock(Loopback, 8080)), Is.EqualTo(Status.Ok));
        Assert.That(Ioctl(listener, SocketIoctl.Listen, ValueBlock(4)), Is.EqualTo(Status.Ok));
        int fresh = Open(SocketDevice.TcpMinor);

        // An Accept before anyone connects waits.
        var accept = new byte[16];
        BitConverter.GetBytes(fresh).CopyTo(accept, 0);
        Assert.That(Ioctl(listener, SocketIoctl.Accept, accept), Is.EqualTo(SocketServer.NoReply));

        // The Connect is held until the handshake ends (over loopback, by
        // the time the call returns): Retry answers it, and the Accept.
        int client = Open(SocketDevice.TcpMinor, OtherUser);
        long connect = Ioctl(client, SocketIoctl.Connect, AddressBlock(Loopback, 8080), OtherUser);
        Assert.That(connect, Is.EqualTo(SocketServer.NoReply));
        Assert.That(_clients.Replies, Does.Contain((Vfs, DriverRequest.Ioctl, 0L, (long)client)));
        Assert.That(_clients.Replies, Does.Contain((Vfs, DriverRequest.Ioctl, 0L, (long)listener)));
        int clientPort = LocalPort(client);
        Assert.That(BitConverter.ToUInt32(accept, 4), Is.EqualTo(Loopback));
        Assert.That(BitConverter.ToInt32(accept, 8), Is.EqualTo(clientPort), "the peer, in the Accept block");

        var peer = new byte[16];
        Assert.That(Ioctl(fresh, SocketIoctl.PeerName, peer), Is.EqualTo(Status.Ok), "the fresh minor now holds the connection");
        Assert.That(BitConverter.ToInt32(peer, 4), Is.EqualTo(clientPort));

        byte[] data = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n");
        Assert.That(Call(DriverRequest.Write, client, 0, data, client: OtherUser), Is.EqualTo(data.Length));
        var into = new byte[64];
        Assert.That(Call(DriverRequest.Read, fresh, 0, into, DriverRequest.ReadWait), Is.EqualTo(data.Length));
        Assert.That(Encoding.ASCII.GetString(into, 0, data.Length), Is.EqualTo("GET / HTTP/1.1\r\n\r\n"));

        // A waiting read on the client, answered by the server's reply.
        var answer = new byte[64];
        _clients.Replies.Clear();
        Assert.That(Call(DriverRequest.Read, client, 0, answer, DriverRequest.ReadWait, OtherUser), Is.EqualTo(SocketServer.NoReply));
        Assert.That(Call(DriverRequest.Write, fresh, 0, Encoding.ASCII.GetBytes("200")), Is.EqualTo(3));
        Assert.That(_clients.Replies, Is.EqualTo(new[] { (Vfs, DriverRequest.Read, 3L, (long)client) }));

        // Close: the peer reads end of file.
        Assert.That(Call(DriverRequest.Close, fresh), Is.EqualTo(Status.Ok));
        Assert.That(Call(DriverRequest.Read, client, 0, new byte[8], DriverRequest.ReadWait, OtherUser), Is.EqualTo(0));
    }

    [Test]
    public void AWriteWithNoRoomIsHeldUntilThePeerReadsAndDontWaitSaysWouldBlock()
    {
        int listener = Open(SocketDevice.TcpMinor);
        Ioctl(listener, SocketIoctl.Bind, AddressBlock(Loopback, 8090));
        Ioctl(listener, SocketIoctl.Listen, ValueBlock(1));
        int client = Open(SocketDevice.TcpMinor);
        var small = new byte[8];
        BitConverter.GetBytes(SocketOptionName.SendBuffer).CopyTo(small, 0);
        BitConverter.GetBytes(4096).CopyTo(small, 4);
        Assert.That(Ioctl(client, SocketIoctl.SetOption, small), Is.EqualTo(Status.Ok));
        Ioctl(client, SocketIoctl.Connect, AddressBlock(Loopback, 8090));
        int server = Open(SocketDevice.TcpMinor);
        var accept = new byte[16];
        BitConverter.GetBytes(server).CopyTo(accept, 0);
        Assert.That(Ioctl(listener, SocketIoctl.Accept, accept), Is.EqualTo(Status.Ok));

        // Fill the peer's window and the client's send buffer.
        var chunk = new byte[16384];
        long taken = 0;
        for (int i = 0; i < 64; i++)
        {
            long n = Call(DriverRequest.Write, client, 0, chunk, DriverRequest.DontWait);
            if (n == SocketError.WouldBlock)
                break;
            Assert.That(n, Is.GreaterThan(0));
            taken += n;
        }
        Assert.That(Call(DriverRequest.Write, client, 0, chunk, DriverRequest.DontWait), Is.EqualTo(SocketError.WouldBlock));
        _clients.Replies.Clear();
        Assert.That(Call(DriverRequest.Write, client, 0, chunk), Is.EqualTo(SocketServer.NoReply), "a write waits for room");

        // The server drains; the window opens and the held write takes what fits.
        var into = new byte[65536];
        long drained = 0;
        for (int round = 0; round < 200 && _clients.Replies.Count == 0; round++)
        {
            _now += 50;
            _stack.Tick(_now);
            long n = Call(DriverRequest.Read, server, 0, into, DriverRequest.DontWait);
            if (n > 0)
                drained += n;
        }
        Assert.That(drained, Is.GreaterThan(0));
        Assert.That(_clients.Replies, Has.Count.EqualTo(1));
        Assert.That(_clients.Replies[0].Request, Is.EqualTo(DriverRequest.Write));
        Assert.That(_clients.Replies[0].Result, Is.InRange(1L, chunk.Length), $"{taken} bytes went before it");
    }

    [Test]
    public void AcceptOnlyFillsAFreshSocketOfTheCallersOwn()
    {
        int listener = Open(SocketDevice.TcpMinor);
        Ioctl(listener, SocketIoctl.Bind, AddressBlock(Loopback, 8081));
        Ioctl(listener, SocketIoctl.Listen, ValueBlock(4));
        int connector = Open(SocketDevice.TcpMinor);
        Ioctl(connector, SocketIoctl.Connect, AddressBlock(Loopback, 8081));

        int someoneElses = Open(SocketDevice.TcpMinor, OtherUser);
        int bound = Open(SocketDevice.TcpMinor);
        Ioctl(bound, SocketIoctl.Bind, AddressBlock(Loopback, 8082));
        int udp = Open(SocketDevice.UdpMinor);
        foreach (int target in new[] { someoneElses, bound, udp, listener, 12345 })
        {
            var block = new byte[16];
            BitConverter.GetBytes(target).CopyTo(block, 0);
            Assert.That(Ioctl(listener, SocketIoctl.Accept, block), Is.EqualTo(SocketError.Invalid), $"target {target}");
        }
        var good = new byte[16];
        BitConverter.GetBytes(Open(SocketDevice.TcpMinor)).CopyTo(good, 0);
        Assert.That(Ioctl(listener, SocketIoctl.Accept, good), Is.EqualTo(Status.Ok), "the connection waited in the backlog");
    }

    [Test]
    public void NonBlockingConnectAndAcceptAnswerAtOnce()
    {
        int listener = Open(SocketDevice.TcpMinor);
        Ioctl(listener, SocketIoctl.Bind, AddressBlock(Loopback, 8083));
        Ioctl(listener, SocketIoctl.Listen, ValueBlock(1));
        var nonBlocking = new byte[8];
        BitConverter.GetBytes(SocketOptionName.NonBlocking).CopyTo(nonBlocking, 0);
        BitConverter.GetBytes(1).CopyTo(nonBlocking, 4);
        Assert.That(Ioctl(listener, SocketIoctl.SetOption, (byte[])nonBlocking.Clone()), Is.EqualTo(Status.Ok));
        var accept = new byte[16];
        BitConverter.GetBytes(Open(SocketDevice.TcpMinor)).CopyTo(accept, 0);
        Assert.That(Ioctl(listener, SocketIoctl.Accept, accept), Is.EqualTo(SocketError.WouldBlock));

        int client = Open(SocketDevice.TcpMinor);
        Ioctl(client, SocketIoctl.SetOption, (byte[])nonBlocking.Clone());
        Assert.That(Ioctl(client, SocketIoctl.Connect, AddressBlock(Loopback, 8083)), Is.EqualTo(SocketError.InProgress));
        var option = new byte[8];
        BitConverter.GetBytes(SocketOptionName.NonBlocking).CopyTo(option, 0);
        Assert.That(Ioctl(client, SocketIoctl.GetOption, option), Is.EqualTo(Status.Ok));
        Assert.That(BitConverter.ToInt32(option, 4), Is.EqualTo(1));
        Assert.That(Call(DriverRequest.Select, client, flags: SelectEvents.Writable), Is.EqualTo(SelectEvents.Writable), "connected by now");
    }

    [Test]
    public void AConnectToAClosedPortIsRefused()
    {
        int client = Open(SocketDevice.TcpMinor);
        Assert.That(Ioctl(client, SocketIoctl.Connect, AddressBlock(Loopback, 9)), Is.EqualTo(SocketServer.NoReply));
        Assert.That(_clients.Replies, Is.EqualTo(new[] { (Vfs, DriverRequest.Ioctl, (long)SocketError.ConnectionRefused, (long)client) }));
    }

    [Test]
    public void BadBlocksAndUnknownIoctlsAreRefused()
    {
        int udp = Open(SocketDevice.UdpMinor);
        Assert.That(Ioctl(udp, SocketIoctl.Bind, new byte[4]), Is.EqualTo(SocketError.Invalid), "a block too short");
        Assert.That(Ioctl(udp, SocketIoctl.Bind, new byte[300]), Is.EqualTo(SocketError.Invalid), "a block too long");
        Assert.That(Ioctl(udp, 0x1234, new byte[8]), Is.EqualTo(DriverStatus.NotATypewriter));
        Assert.That(Ioctl(udp, SocketIoctl.Shutdown, ValueBlock(7)), Is.EqualTo(SocketError.Invalid));
        Assert.That(Call(DriverRequest.Read, udp, 0, new byte[4], DriverRequest.Addressed), Is.EqualTo(SocketError.Invalid), "no room for the header");
        Assert.That(Call(DriverRequest.Geometry, udp), Is.EqualTo(DriverStatus.BadRequest));
        Assert.That(Call(DriverRequest.Write, udp, 0, new byte[4]), Is.EqualTo(SocketError.NotConnected), "no peer");
    }

    [Test]
    public void TheControlMinorDescribesInterfacesConnectionsAndCounters()
    {
        var block = new byte[96];
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.InterfaceAt, block), Is.EqualTo(Status.Ok));
        Assert.That(Encoding.ASCII.GetString(block, 8, 2), Is.EqualTo("lo"));
        Assert.That(block[10], Is.EqualTo(0), "NUL-padded");
        Assert.That(BitConverter.ToInt32(block, 4), Is.EqualTo(InterfaceFlags.Up | InterfaceFlags.Link | InterfaceFlags.Loopback));
        Assert.That(BitConverter.ToUInt32(block, 32), Is.EqualTo(Loopback));
        Assert.That(BitConverter.ToUInt32(block, 36), Is.EqualTo(0xFF000000u));

        var past = new byte[96];
        BitConverter.GetBytes(1).CopyTo(past, 0);
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.InterfaceAt, past), Is.EqualTo(DriverStatus.NoSuchDevice));

        int receiver = BoundUdp(5353);
        var connection = new byte[40];
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.ConnectionAt, connection), Is.EqualTo(Status.Ok));
        Assert.That(BitConverter.ToInt32(connection, 4), Is.EqualTo(2), "UDP");
        Assert.That(BitConverter.ToInt32(connection, 12), Is.EqualTo(5353));
        BitConverter.GetBytes(1).CopyTo(connection, 0);
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.ConnectionAt, connection), Is.EqualTo(DriverStatus.NoSuchDevice));

        int sender = Open(SocketDevice.UdpMinor);
        Call(DriverRequest.Write, sender, 0, Addressed(Loopback, 5353, "count me"), DriverRequest.Addressed);
        var counters = new byte[128];
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.Counters, counters), Is.EqualTo(Status.Ok));
        Assert.That(BitConverter.ToInt64(counters, 72), Is.EqualTo(1), "UdpIn");
        Assert.That(BitConverter.ToInt64(counters, 80), Is.EqualTo(1), "UdpOut");
        Assert.That(Ioctl(receiver, SocketIoctl.Counters, counters), Is.EqualTo(SocketError.Invalid), "control ioctls only on the control minor");
    }

    [Test]
    public void ConfigureSetsAnAddressAndRefusesTheLoopbackAndBadMasks()
    {
        var block = new byte[96];
        Encoding.ASCII.GetBytes("lo").CopyTo(block, 8);
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.Configure, block), Is.EqualTo(SocketError.Invalid));
        block = new byte[96];
        Encoding.ASCII.GetBytes("eth7").CopyTo(block, 8);
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.Configure, block), Is.EqualTo(DriverStatus.NoSuchDevice));

        int eth0 = _stack.AddInterface("eth0", new NullLink());
        // DHCP running, as /etc/inet.conf's default starts it: a static
        // address ends it, so no later lease could replace the address.
        _stack.StartDhcp(eth0, 0);
        Assert.That(_stack.Interface(eth0).DhcpState, Is.Not.EqualTo(DhcpState.Off));
        block = new byte[96];
        Encoding.ASCII.GetBytes("eth0").CopyTo(block, 8);
        BitConverter.GetBytes(IpAddress.Make(10, 0, 2, 15)).CopyTo(block, 32);
        BitConverter.GetBytes(0xFF00FF00u).CopyTo(block, 36);
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.Configure, (byte[])block.Clone()), Is.EqualTo(SocketError.Invalid), "a mask with holes");
        BitConverter.GetBytes(0xFFFFFF00u).CopyTo(block, 36);
        BitConverter.GetBytes(IpAddress.Make(10, 0, 2, 2)).CopyTo(block, 40);
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.Configure, block), Is.EqualTo(Status.Ok));
        Assert.That(_stack.Interface(eth0).Address, Is.EqualTo(IpAddress.Make(10, 0, 2, 15)));
        Assert.That(_stack.Interface(eth0).Gateway, Is.EqualTo(IpAddress.Make(10, 0, 2, 2)));
        Assert.That(_stack.Interface(eth0).DhcpState, Is.EqualTo(DhcpState.Off), "the static address ended DHCP");

        var described = new byte[96];
        BitConverter.GetBytes(eth0).CopyTo(described, 0);
        Assert.That(Ioctl(SocketDevice.ControlMinor, SocketIoctl.InterfaceAt, described), Is.EqualTo(Status.Ok));
        Assert.That(BitConverter.ToInt32(described, 4), Is.EqualTo(InterfaceFlags.Up | InterfaceFlags.Link), "the server's view says link");
        Assert.That(BitConverter.ToInt64(described, 24), Is.EqualTo(0x525400123456L));
        Assert.That(BitConverter.ToInt32(described, 92), Is.EqualTo(4242), "the driver's endpoint");
    }

    [Test]
    public void CloseDropsHeldRequestsSilently()
    {
        int receiver = BoundUdp(7005);
        Call(DriverRequest.Read, receiver, 0, new byte[8], DriverRequest.ReadWait);
        Call(DriverRequest.Select, receiver, flags: SelectEvents.Readable | SelectEvents.Wait);
        Assert.That(_server.Table.Count, Is.EqualTo(1));
        Assert.That(Call(DriverRequest.Close, receiver), Is.EqualTo(Status.Ok));
        Assert.That(_server.Table.Count, Is.EqualTo(0));
        int sender = Open(SocketDevice.UdpMinor);
        Assert.That(Call(DriverRequest.Write, sender, 0, Addressed(Loopback, 7005, "nobody"), DriverRequest.Addressed), Is.EqualTo(14));
        Assert.That(_clients.Replies, Is.Empty);
        Assert.That(Call(DriverRequest.Close, SocketDevice.UdpMinor), Is.EqualTo(Status.Ok), "closing a cloning minor itself is harmless");
    }

    [Test]
    public void IcmpEchoToTheLoopbackComesBackWithItsSequence()
    {
        int icmp = Open(SocketDevice.IcmpMinor);
        byte[] echo = Addressed(Loopback, 3, "ping data");
        Assert.That(Call(DriverRequest.Write, icmp, 0, echo, DriverRequest.Addressed), Is.EqualTo(echo.Length));
        var into = new byte[64];
        long got = Call(DriverRequest.Read, icmp, 0, into, DriverRequest.Addressed | DriverRequest.ReadWait);
        Assert.That(got, Is.EqualTo(8 + 9));
        Assert.That(BitConverter.ToUInt32(into, 0), Is.EqualTo(Loopback));
        Assert.That(BitConverter.ToUInt16(into, 4), Is.EqualTo(3), "the echo sequence number");
        Assert.That(Encoding.ASCII.GetString(into, 8, 9), Is.EqualTo("ping data"));
    }

    private sealed class NullLink : INetLink
    {
        public ulong Mac => 0x525400123456;
        public int Mtu => 1500;
        public void Send(byte[] frame, int length) { }
    }
}
