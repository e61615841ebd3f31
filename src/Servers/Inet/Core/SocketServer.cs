using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;
using Minix3.Cosmos.Servers.Inet.Stack;

namespace Minix3.Cosmos.Servers.Inet.Core
{
    // inet's character-device side (SocketMessages.cs, DriverProtocol.cs):
    // the cloning minors 0 tcp, 1 udp, 2 icmp open an engine socket behind
    // a fresh minor; the control minor 3 answers the interface and
    // connection ioctls. Data moves through the request's grant, staged in
    // one scratch array (the engine copies what it keeps).
    //
    // Nothing blocks: a request that must wait (a ReadWait read with
    // nothing to read, a write with no room, a Connect in progress, an
    // Accept with nothing pending, a Select with Wait and nothing ready) is
    // held, one per minor per kind, and Retry answers it once the engine's
    // Poll shows what it waits for. The server calls Retry after every
    // message it handled (frames, ticks and socket calls all change
    // readiness). Handle answers NoReply for a held request; every other
    // result is the reply's Result.
    public sealed unsafe class SocketServer
    {
        public const long NoReply = long.MinValue;
        // The most one read or write moves (a whole UDP datagram fits);
        // stream callers loop for the rest.
        public const int MaxChunk = 65536;
        public const int MaxBlock = 256;

        private readonly NetStack _stack;
        private readonly IClientMemory _memory;
        private readonly IReplySink _replies;
        private readonly IInterfaceView _interfaces;
        private readonly SocketTable _table = new SocketTable();
        private readonly byte[] _scratch = new byte[SocketAddressHeader.Size + MaxChunk];
        private readonly byte[] _block = new byte[MaxBlock];
        private readonly System.Collections.Generic.List<ConnectionInfo> _connections = new System.Collections.Generic.List<ConnectionInfo>();

        public SocketServer(NetStack stack, IClientMemory memory, IReplySink replies, IInterfaceView interfaces)
        {
            _stack = stack;
            _memory = memory;
            _replies = replies;
            _interfaces = interfaces;
        }

        public SocketTable Table => _table;

        public long Handle(SocketRequest request, long now)
        {
            try
            {
                return Dispatch(request, now);
            }
            catch (Exception)
            {
                // An engine or handler bug answers this request only: the
                // loop, and every other socket, go on.
                return DriverStatus.IoError;
            }
        }

        private long Dispatch(SocketRequest r, long now)
        {
            switch (r.Type)
            {
                case DriverRequest.Open: return Open(r);
                case DriverRequest.Close: return Close(r, now);
                case DriverRequest.Cancel: return Cancel(r);
            }
            if (r.Type != DriverRequest.Read && r.Type != DriverRequest.Write && r.Type != DriverRequest.Ioctl && r.Type != DriverRequest.Select)
                return DriverStatus.BadRequest;
            if (r.Minor == SocketDevice.ControlMinor)
            {
                if (r.Type == DriverRequest.Ioctl)
                    return ControlIoctl(r, now);
                return r.Type == DriverRequest.Select ? (r.Flags & (SelectEvents.Readable | SelectEvents.Writable)) : DriverStatus.BadRequest;
            }
            SocketEntry? entry = _table.Find(r.Minor);
            if (entry == null)
                return DriverStatus.NoSuchDevice;
            if (r.Type != DriverRequest.Select && (r.Length < 0 || r.Length > DriverRequest.MaxTransfer))
                return DriverStatus.BadRequest;
            int kind = SocketTable.KindOf(r.Type);
            long result = Attempt(entry, r, now, first: true);
            if (result != NoReply)
                return result;
            if (entry.IsHeld[kind])
                return Status.Busy;
            entry.Held[kind] = r;
            entry.IsHeld[kind] = true;
            return NoReply;
        }

        // Answers every held request whose wait is over.
        public void Retry(long now)
        {
            for (int i = 0; i < _table.Count; i++)
            {
                SocketEntry entry = _table.At(i);
                if (!entry.HoldsAny)
                    continue;
                int ready = _stack.Poll(entry.Handle);
                for (int kind = 0; kind < SocketEntry.HeldKinds; kind++)
                {
                    if (!entry.IsHeld[kind] || !SocketTable.MayComplete(kind, entry.Held[kind].Argument, ready))
                        continue;
                    SocketRequest held = entry.Held[kind];
                    long result;
                    try { result = Attempt(entry, held, now, first: false); }
                    catch (Exception) { result = DriverStatus.IoError; }
                    if (result == NoReply)
                        continue;
                    entry.IsHeld[kind] = false;
                    _replies.Reply(held.Source, held.Type, result, held.Minor);
                }
            }
        }

        // One try at a request: its result, or NoReply when it must wait
        // (only for requests that may: see the class comment).
        private long Attempt(SocketEntry entry, SocketRequest r, long now, bool first)
        {
            switch (r.Type)
            {
                case DriverRequest.Read: return Read(entry, r, now);
                case DriverRequest.Write: return Write(entry, r, now);
                case DriverRequest.Ioctl: return SocketIoctlRequest(entry, r, now, first);
                default: return Select(entry, r);
            }
        }

        private long Open(SocketRequest r)
        {
            if (r.Minor == SocketDevice.ControlMinor || _table.Find(r.Minor) != null)
                return Status.Ok;
            SocketKind kind;
            switch (r.Minor)
            {
                case SocketDevice.TcpMinor: kind = SocketKind.Tcp; break;
                case SocketDevice.UdpMinor: kind = SocketKind.Udp; break;
                case SocketDevice.IcmpMinor: kind = SocketKind.Icmp; break;
                default: return DriverStatus.NoSuchDevice;
            }
            int handle = _stack.Open(kind);
            if (handle < 0)
                return SocketError.FromErrno(handle);
            return _table.Add(handle, kind, r.Client).Minor;
        }

        // The socket ends (the engine finishes a TCP close alone); its held
        // requests go unanswered: VFS closes a minor only when no
        // descriptor names it any more, so nobody waits for them.
        private long Close(SocketRequest r, long now)
        {
            if (r.Minor >= 0 && r.Minor < SocketDevice.FirstSocketMinor)
                return r.Minor <= SocketDevice.ControlMinor ? Status.Ok : DriverStatus.NoSuchDevice;
            SocketEntry? entry = _table.Find(r.Minor);
            if (entry == null)
                return DriverStatus.NoSuchDevice;
            _stack.Close(entry.Handle, now);
            _table.Remove(entry);
            return Status.Ok;
        }

        // The caller's held request of the kind Flags names ends with
        // Interrupted, answered before the Cancel's own Ok.
        private long Cancel(SocketRequest r)
        {
            SocketEntry? entry = _table.Find(r.Minor);
            if (entry == null)
                return r.Minor >= 0 && r.Minor <= SocketDevice.ControlMinor ? DriverStatus.NothingPending : DriverStatus.NoSuchDevice;
            int kind = SocketTable.KindOfCancel(r.Flags);
            if (kind < 0)
                return DriverStatus.BadRequest;
            if (!entry.IsHeld[kind] || entry.Held[kind].Source != r.Source)
                return DriverStatus.NothingPending;
            SocketRequest held = entry.Held[kind];
            entry.IsHeld[kind] = false;
            _replies.Reply(held.Source, held.Type, DriverStatus.Interrupted, held.Minor);
            return Status.Ok;
        }

        // Read: stream bytes (TCP) or one datagram (UDP, ICMP: the echo
        // reply's data). Addressed: the SocketAddressHeader first, the
        // source (TCP: the peer). The result counts every byte copied,
        // header included.
        private long Read(SocketEntry entry, SocketRequest r, long now)
        {
            bool addressed = (r.Flags & DriverRequest.Addressed) != 0;
            int header = addressed ? SocketAddressHeader.Size : 0;
            int length = (int)r.Length;
            if (length < header)
                return SocketError.Invalid;
            // The whole grant must be writable before the engine gives up
            // its data: a failed copy afterwards would lose it.
            int probe = _memory.CopyTo(r.Source, r.Grant, length, _scratch, 0, 0);
            if (probe < 0)
                return probe;
            int room = Math.Min(length - header, MaxChunk);
            var into = new Span<byte>(_scratch, SocketAddressHeader.Size, room);
            int n;
            uint address = 0;
            int port = 0;
            if (entry.Kind == SocketKind.Tcp)
            {
                if (room == 0)
                    return 0;
                n = _stack.Receive(entry.Handle, into, now);
                if (n >= 0 && addressed)
                    _stack.RemoteEndpoint(entry.Handle, out address, out port);
            }
            else
            {
                n = _stack.ReceiveFrom(entry.Handle, into, out address, out port);
            }
            if (n == NetError.WouldBlock)
                return (r.Flags & DriverRequest.ReadWait) != 0 && (r.Flags & DriverRequest.DontWait) == 0 ? NoReply : SocketError.WouldBlock;
            if (n < 0)
                return SocketError.FromErrno(n);
            if (addressed)
                PutHeader(_scratch, 0, address, port);
            int status = _memory.CopyTo(r.Source, r.Grant, 0, _scratch, SocketAddressHeader.Size - header, header + n);
            return status < 0 ? status : header + n;
        }

        // Write: takes what fits (TCP), or one datagram; Addressed names the
        // destination in a leading SocketAddressHeader. Waits for room
        // unless DontWait. The result counts the header too.
        private long Write(SocketEntry entry, SocketRequest r, long now)
        {
            bool addressed = (r.Flags & DriverRequest.Addressed) != 0;
            int header = addressed ? SocketAddressHeader.Size : 0;
            int length = (int)r.Length;
            if (length < header)
                return SocketError.Invalid;
            int count = length - header;
            if (count > MaxChunk)
            {
                if (entry.Kind != SocketKind.Tcp)
                    return SocketError.MessageTooLong;
                count = MaxChunk;
            }
            int status = _memory.CopyFrom(r.Source, r.Grant, 0, _scratch, SocketAddressHeader.Size - header, header + count);
            if (status < 0)
                return status;
            var data = new ReadOnlySpan<byte>(_scratch, SocketAddressHeader.Size, count);
            int n;
            if (addressed)
                n = _stack.SendTo(entry.Handle, data, GetU32(_scratch, 0), GetU16(_scratch, 4), now);
            else
                n = _stack.Send(entry.Handle, data, now);
            if (n == NetError.WouldBlock)
                return (r.Flags & DriverRequest.DontWait) != 0 ? SocketError.WouldBlock : NoReply;
            return n < 0 ? SocketError.FromErrno(n) : header + n;
        }

        // Readiness now; with Wait and nothing ready, held (NoReply).
        private long Select(SocketEntry entry, SocketRequest r)
        {
            int asked = (int)(r.Flags & (SelectEvents.Readable | SelectEvents.Writable | SelectEvents.Error | SelectEvents.HangUp));
            int ready = SocketTable.SelectEventsOf(_stack.Poll(entry.Handle)) & (asked | SelectEvents.Error | SelectEvents.HangUp);
            if (ready != 0 || (r.Flags & SelectEvents.Wait) == 0)
                return ready;
            return NoReply;
        }

        private long SocketIoctlRequest(SocketEntry entry, SocketRequest r, long now, bool first)
        {
            long ioctl = r.Argument;
            int need = BlockSize(ioctl);
            if (need == 0)
                return ioctl >= SocketIoctl.InterfaceAt && ioctl <= SocketIoctl.Counters ? SocketError.Invalid : DriverStatus.NotATypewriter;
            if (r.Length < need || r.Length > MaxBlock)
                return SocketError.Invalid;
            if (ioctl != SocketIoctl.LocalName && ioctl != SocketIoctl.PeerName && ioctl != SocketIoctl.Identify)
            {
                int copied = _memory.CopyFrom(r.Source, r.Grant, 0, _block, 0, need);
                if (copied < 0)
                    return copied;
            }
            fixed (byte* block = _block)
            {
                switch (ioctl)
                {
                    case SocketIoctl.Bind:
                    {
                        var address = (SocketAddressBlock*)block;
                        entry.Used = true;
                        return SocketError.FromErrno(_stack.Bind(entry.Handle, address->Address, address->Port));
                    }
                    case SocketIoctl.Listen:
                    {
                        long backlog = ((SocketValueBlock*)block)->Value;
                        entry.Used = true;
                        return SocketError.FromErrno(_stack.Listen(entry.Handle, backlog < 1 ? 1 : backlog > NetStack.MaxBacklog ? NetStack.MaxBacklog : (int)backlog));
                    }
                    case SocketIoctl.Connect:
                        return Connect(entry, (SocketAddressBlock*)block, now, first);
                    case SocketIoctl.Accept:
                        return Accept(entry, r, (SocketAcceptBlock*)block, now);
                    case SocketIoctl.Shutdown:
                    {
                        long how = ((SocketValueBlock*)block)->Value;
                        if (how < 0 || how > 2)
                            return SocketError.Invalid;
                        return SocketError.FromErrno(_stack.Shutdown(entry.Handle, (ShutdownHow)how, now));
                    }
                    case SocketIoctl.SetOption:
                    {
                        var option = (SocketOptionBlock*)block;
                        if (option->Option == SocketOptionName.NonBlocking)
                        {
                            entry.NonBlocking = option->Value != 0;
                            return Status.Ok;
                        }
                        if (option->Option < SocketOptionName.ReuseAddress || option->Option > SocketOptionName.SendBuffer)
                            return SocketError.Invalid;
                        return SocketError.FromErrno(_stack.SetOption(entry.Handle, (SocketOption)option->Option, option->Value));
                    }
                    case SocketIoctl.GetOption:
                    {
                        var option = (SocketOptionBlock*)block;
                        int value;
                        if (option->Option == SocketOptionName.NonBlocking)
                            value = entry.NonBlocking ? 1 : 0;
                        else if (option->Option < SocketOptionName.ReuseAddress || option->Option > SocketOptionName.Error)
                            return SocketError.Invalid;
                        else
                        {
                            int got = _stack.GetOption(entry.Handle, (SocketOption)option->Option, out value);
                            if (got < 0)
                                return SocketError.FromErrno(got);
                            // SO_ERROR in the library's terms: a SocketError code (0: none).
                            if (option->Option == SocketOptionName.Error)
                                value = SocketError.FromErrno(value);
                        }
                        option->Value = value;
                        return CopyBlockOut(r, need);
                    }
                    case SocketIoctl.LocalName:
                    case SocketIoctl.PeerName:
                    {
                        uint address;
                        int port;
                        int got = ioctl == SocketIoctl.LocalName ? _stack.LocalEndpoint(entry.Handle, out address, out port)
                            : _stack.RemoteEndpoint(entry.Handle, out address, out port);
                        if (got < 0)
                            return SocketError.FromErrno(got);
                        Clear(need);
                        ((SocketAddressBlock*)block)->Address = address;
                        ((SocketAddressBlock*)block)->Port = port;
                        return CopyBlockOut(r, need);
                    }
                    case SocketIoctl.Identify:
                        Clear(need);
                        ((SocketValueBlock*)block)->Value = entry.Minor;
                        return CopyBlockOut(r, need);
                }
            }
            return DriverStatus.NotATypewriter;
        }

        // TCP: InProgress from the engine holds the ioctl (unless the
        // socket is non-blocking) until the handshake ends: Ok, or the
        // pending error (refused, timed out, unreachable). UDP and ICMP
        // only set the default peer and answer at once.
        private long Connect(SocketEntry entry, SocketAddressBlock* address, long now, bool first)
        {
            entry.Used = true;
            if (first)
            {
                int started = _stack.Connect(entry.Handle, address->Address, address->Port, now);
                if (started != NetError.InProgress)
                    return SocketError.FromErrno(started);
                return entry.NonBlocking ? SocketError.InProgress : NoReply;
            }
            _stack.GetOption(entry.Handle, SocketOption.Error, out int error);
            if (error != 0)
                return SocketError.FromErrno(error);
            TcpState state = _stack.State(entry.Handle);
            if (state == TcpState.SynSent || state == TcpState.SynReceived)
                return NoReply;
            return state == TcpState.Closed ? SocketError.ConnectionRefused : Status.Ok;
        }

        // The block names a fresh TCP socket of the caller's own (never
        // bound, listening or connected); the accepted connection's handle
        // replaces that socket's, whose own engine socket is closed.
        private long Accept(SocketEntry listener, SocketRequest r, SocketAcceptBlock* block, long now)
        {
            SocketEntry? target = _table.Find(block->Minor);
            if (target == null || target == listener || target.Kind != SocketKind.Tcp || target.Used || target.Owner != r.Client)
                return SocketError.Invalid;
            int handle = _stack.Accept(listener.Handle, out uint address, out int port);
            if (handle == NetError.WouldBlock)
                return listener.NonBlocking ? SocketError.WouldBlock : NoReply;
            if (handle < 0)
                return SocketError.FromErrno(handle);
            _stack.Close(target.Handle, now);
            target.Handle = handle;
            target.Used = true;
            block->Address = address;
            block->Port = port;
            block->Reserved = 0;
            return CopyBlockOut(r, sizeof(SocketAcceptBlock));
        }

        private long ControlIoctl(SocketRequest r, long now)
        {
            long ioctl = r.Argument;
            int need = ioctl == SocketIoctl.InterfaceAt || ioctl == SocketIoctl.Configure ? sizeof(InterfaceBlock)
                : ioctl == SocketIoctl.ConnectionAt ? sizeof(ConnectionBlock)
                : ioctl == SocketIoctl.Counters ? sizeof(CountersBlock) : 0;
            if (need == 0)
                return DriverStatus.NotATypewriter;
            if (r.Length < need || r.Length > MaxBlock)
                return SocketError.Invalid;
            if (ioctl != SocketIoctl.Counters)
            {
                int copied = _memory.CopyFrom(r.Source, r.Grant, 0, _block, 0, need);
                if (copied < 0)
                    return copied;
            }
            fixed (byte* block = _block)
            {
                switch (ioctl)
                {
                    case SocketIoctl.InterfaceAt:
                        if (!DescribeInterface((InterfaceBlock*)block))
                            return DriverStatus.NoSuchDevice;
                        return CopyBlockOut(r, need);
                    case SocketIoctl.Configure:
                        return Configure((InterfaceBlock*)block, now);
                    case SocketIoctl.ConnectionAt:
                        if (!DescribeConnection((ConnectionBlock*)block))
                            return DriverStatus.NoSuchDevice;
                        return CopyBlockOut(r, need);
                    default:
                        Clear(need);
                        FillCounters((CountersBlock*)block);
                        return CopyBlockOut(r, need);
                }
            }
        }

        private bool DescribeInterface(InterfaceBlock* block)
        {
            int index = block->Index;
            if (index < 0 || index >= _stack.InterfaceCount)
                return false;
            NetInterface ifc = _stack.Interface(index);
            Clear(sizeof(InterfaceBlock));
            block->Index = index;
            block->Flags = (ifc.Address != 0 ? InterfaceFlags.Up : 0)
                | (ifc.IsLoopback ? InterfaceFlags.Loopback | InterfaceFlags.Link : _interfaces.HasLink(index) ? InterfaceFlags.Link : 0);
            for (int i = 0; i < ifc.Name.Length && i < InterfaceBlock.NameBytes - 1; i++)
                block->Name[i] = (byte)ifc.Name[i];
            block->Mac = (long)ifc.Mac;
            block->Address = ifc.Address;
            block->Mask = ifc.Mask;
            block->Gateway = ifc.Gateway;
            block->Mtu = ifc.Mtu;
            block->FramesIn = ifc.PacketsIn;
            block->FramesOut = ifc.PacketsOut;
            block->BytesIn = ifc.BytesIn;
            block->BytesOut = ifc.BytesOut;
            block->Dhcp = ifc.DhcpState != DhcpState.Off ? 1 : 0;
            block->Driver = ifc.IsLoopback ? 0 : _interfaces.DriverOf(index);
            return true;
        }

        // ifconfig NAME ADDRESS/MASK [GATEWAY], or NAME dhcp (Dhcp = 1).
        private long Configure(InterfaceBlock* block, long now)
        {
            char[] name = new char[InterfaceBlock.NameBytes];
            int length = 0;
            while (length < InterfaceBlock.NameBytes && block->Name[length] != 0)
            {
                name[length] = (char)block->Name[length];
                length++;
            }
            int index = _stack.FindInterface(new string(name, 0, length));
            if (index < 0)
                return DriverStatus.NoSuchDevice;
            if (_stack.Interface(index).IsLoopback)
                return SocketError.Invalid;
            if (block->Dhcp == 1)
            {
                _stack.StartDhcp(index, now);
                return Status.Ok;
            }
            if (block->Address != 0 && (block->Mask == 0 || IpAddress.MaskOf(IpAddress.PrefixOf(block->Mask)) != block->Mask))
                return SocketError.Invalid;
            _stack.StopDhcp(index);
            _stack.Configure(index, block->Address, block->Mask, block->Gateway);
            return Status.Ok;
        }

        private bool DescribeConnection(ConnectionBlock* block)
        {
            int index = block->Index;
            _connections.Clear();
            _stack.Connections(_connections);
            if (index < 0 || index >= _connections.Count)
                return false;
            ConnectionInfo c = _connections[index];
            Clear(sizeof(ConnectionBlock));
            block->Index = index;
            block->Kind = (int)c.Kind;
            block->LocalAddress = c.LocalAddress;
            block->LocalPort = c.LocalPort;
            block->RemoteAddress = c.RemoteAddress;
            block->RemotePort = c.RemotePort;
            block->State = (int)c.State;
            block->ReceiveQueue = c.ReceiveQueue;
            block->SendQueue = c.SendQueue;
            return true;
        }

        private void FillCounters(CountersBlock* block)
        {
            NetStats s = _stack.Stats;
            block->FramesIn = s.FramesIn;
            block->FramesOut = s.FramesOut;
            block->FramesDropped = s.FramesShort + s.FramesOtherType + s.FramesNotForUs + s.FramesNoLink;
            block->IpIn = s.IpIn;
            block->IpOut = s.IpOut;
            block->IpDropped = s.IpMalformed + s.IpBadChecksum + s.IpBadLength + s.IpNotForUs + s.IpBadTtl + s.IpUnknownProtocol
                + s.IpNoRoute + s.IpTooBig + s.IpReassemblyDropped;
            block->IpReassembled = s.IpReassembled;
            block->IcmpIn = s.IcmpIn;
            block->IcmpOut = s.IcmpOut;
            block->UdpIn = s.UdpIn;
            block->UdpOut = s.UdpOut;
            block->UdpDropped = s.UdpMalformed + s.UdpBadChecksum + s.UdpNoPort + s.UdpQueueFull;
            block->TcpIn = s.TcpIn;
            block->TcpOut = s.TcpOut;
            block->TcpDropped = s.TcpMalformed + s.TcpBadChecksum + s.TcpBadOptions + s.TcpNoConnection + s.TcpOutOfWindow;
            block->TcpRetransmits = s.TcpRetransmits;
        }

        // The size of each socket ioctl's block (0: not a socket ioctl).
        private static int BlockSize(long ioctl)
        {
            switch (ioctl)
            {
                case SocketIoctl.Bind:
                case SocketIoctl.Connect:
                case SocketIoctl.LocalName:
                case SocketIoctl.PeerName:
                    return sizeof(SocketAddressBlock);
                case SocketIoctl.Listen:
                case SocketIoctl.Shutdown:
                case SocketIoctl.Identify:
                    return sizeof(SocketValueBlock);
                case SocketIoctl.Accept:
                    return sizeof(SocketAcceptBlock);
                case SocketIoctl.SetOption:
                case SocketIoctl.GetOption:
                    return sizeof(SocketOptionBlock);
                default:
                    return 0;
            }
        }

        private long CopyBlockOut(SocketRequest r, int count)
        {
            int status = _memory.CopyTo(r.Source, r.Grant, 0, _block, 0, count);
            return status < 0 ? status : Status.Ok;
        }

        private void Clear(int count)
        {
            for (int i = 0; i < count; i++)
                _block[i] = 0;
        }

        // SocketAddressHeader in the machine's (little-endian) order, as
        // the structs the clients overlay on it.
        private static void PutHeader(byte[] into, int at, uint address, int port)
        {
            into[at] = (byte)address;
            into[at + 1] = (byte)(address >> 8);
            into[at + 2] = (byte)(address >> 16);
            into[at + 3] = (byte)(address >> 24);
            into[at + 4] = (byte)port;
            into[at + 5] = (byte)(port >> 8);
            into[at + 6] = 0;
            into[at + 7] = 0;
        }

        private static uint GetU32(byte[] b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
        private static int GetU16(byte[] b, int at) => b[at] | b[at + 1] << 8;
    }
}
