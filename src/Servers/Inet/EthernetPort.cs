using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Inet.Core;
using Minix3.Cosmos.Servers.Inet.Stack;

namespace Minix3.Cosmos.Servers.Inet
{
    // inet's side of one Ethernet driver (EthernetMessages.cs): the link
    // the engine sends through. Requests go by Send (the driver library
    // receives between its own work, and answers everything
    // asynchronously, so inet never waits for an answer, only for the
    // hand-over); replies come back through OnReply. The driver writes
    // received frames into Receives posted buffers and reads frames to
    // send from SendQueue.Slots slot buffers, each behind its own grant in
    // inet's table (GrantsPerPort entries from `grantBase`), granted to the
    // driver's endpoint of the moment.
    //
    // The port is bound to an engine interface (eth0, eth1) when its
    // driver first answers Open; until then, and while the driver is gone,
    // frames wait in the SendQueue.
    internal sealed unsafe class EthernetPort : INetLink
    {
        // As many as a driver takes at once: a burst of frames waits in
        // inet's buffers rather than in the driver's bounded queue.
        public const int Receives = EthLimits.MaxReceives;
        public const int GrantsPerPort = Receives + SendQueue.Slots;
        private const ushort GrantSequence = 1;

        private readonly GrantEntry* _grants;
        private readonly int _grantBase;
        private readonly byte[][] _receive = new byte[Receives][];
        private readonly byte[][] _send = new byte[SendQueue.Slots][];
        private readonly SendQueue _queue = new SendQueue();
        private NetStack? _stack;

        public EthernetPort(string label, GrantEntry* grants, int grantBase)
        {
            Label = label;
            _grants = grants;
            _grantBase = grantBase;
            for (int i = 0; i < Receives; i++)
                _receive[i] = new byte[EthLimits.MaxFrame];
            for (int i = 0; i < SendQueue.Slots; i++)
                _send[i] = new byte[EthLimits.MaxFrame];
        }

        public string Label { get; }
        public Endpoint Driver { get; private set; } = Endpoint.None;
        public bool Opened { get; private set; }
        public bool Link { get; private set; }
        // First octet most significant (INetLink's order).
        public ulong Mac { get; private set; }
        // RS stopped the driver for good (past its restart limit, or
        // `service down`): reported once, until a successor opens.
        public bool Down { get; set; }
        // The last Open's answer named another address than the one before.
        public bool MacChanged { get; private set; }
        // The receive filter inet asks (EthFilter: its own address and
        // broadcast; the engine joins no multicast group), and the one the
        // driver said it programmed, and whether that changed at the last
        // Open.
        public int Filter => EthFilter.Default;
        public int FilterInForce { get; private set; }
        public bool FilterChanged { get; private set; }
        public int Mtu => 1500;
        // The engine's interface index (-1: not bound yet) and its name.
        public int Index { get; private set; } = -1;
        public string Name { get; private set; } = "";
        // Opens of a successor since the last Open answered: the next Open
        // reply is a restart's.
        private bool _reopening;

        public SendQueue Queue => _queue;

        public void Bind(NetStack stack, int index, string name)
        {
            _stack = stack;
            Index = index;
            Name = name;
        }

        // A (new) driver instance: Open it. False when it is not there any
        // more (it ended before taking the request).
        public bool Attach(Endpoint driver)
        {
            _reopening = !Driver.IsNone || Index >= 0;
            Driver = driver;
            Opened = false;
            Link = false;
            for (int i = 0; i < GrantsPerPort; i++)
                _grants[_grantBase + i].Grantee = driver.Value;
            // The filter asked of every instance: the one the first had.
            Message message = default;
            message.Type = EthRequest.Open;
            EthOpenRequest.Of(&message)->Filter = Filter;
            return Ipc.Send(Driver, &message) == Status.Ok;
        }

        // The driver ended and no successor runs (yet).
        public void Detach()
        {
            Driver = Endpoint.None;
            Opened = false;
            Link = false;
        }

        public void Send(byte[] frame, int length)
        {
            _queue.Enqueue(frame, length);
            Pump();
        }

        public void AskStatistics()
        {
            if (!Driver.IsNone)
                Request(EthRequest.Statistics, 0, 0, 0);
        }

        // The driver's reply; what it meant for the log.
        public PortEvent OnReply(Message* message, long now)
        {
            EthReply* reply = EthReply.Of(message);
            switch (reply->Request)
            {
                case EthRequest.Open:
                    if (reply->Result != Status.Ok)
                        return PortEvent.None;
                    Opened = true;
                    // The driver's order (octet i at bits 8i) to the engine's
                    // (the first octet most significant).
                    ulong mac = 0;
                    for (int i = 0; i < 6; i++)
                        mac = mac << 8 | (((ulong)reply->Mac >> (8 * i)) & 0xFF);
                    // The engine's ARP answers and the peers' caches carry
                    // the first instance's address: a successor must use it.
                    MacChanged = Index >= 0 && mac != Mac;
                    Mac = mac;
                    FilterChanged = Index >= 0 && reply->Filter != FilterInForce;
                    FilterInForce = (int)reply->Filter;
                    Link = reply->Link != 0;
                    for (int i = 0; i < Receives; i++)
                        Post(i);
                    bool restarted = _reopening;
                    _reopening = false;
                    Resent = restarted ? _queue.DriverRestarted() : 0;
                    Pump();
                    return restarted ? PortEvent.Reopened : PortEvent.Opened;
                case EthRequest.Receive:
                {
                    long id = reply->Id;
                    if (id < 0 || id >= Receives)
                        return Breach(EthBreach.UnknownId);
                    if (reply->Result > EthLimits.MaxFrame)
                        return Breach(EthBreach.ReceiveLength);
                    if (reply->Result > 0 && reply->Result <= EthLimits.MaxFrame && _stack != null && Index >= 0)
                        _stack.Receive(Index, _receive[id], (int)reply->Result, now);
                    if (Opened)
                        Post((int)id);
                    return PortEvent.None;
                }
                case EthRequest.Send:
                    _queue.Answered(reply->Id, reply->Result);
                    Pump();
                    return PortEvent.None;
                case EthRequest.Statistics:
                {
                    bool link = EthStatisticsReply.Of(message)->Link != 0;
                    if (link == Link)
                        return PortEvent.None;
                    Link = link;
                    return link ? PortEvent.LinkUp : PortEvent.LinkDown;
                }
                default:
                    return Breach(EthBreach.UnknownReply);
            }
        }

        // The driver broke the protocol (EthBreach): the caller complains
        // to RS once per instance; the reply itself is dropped. The buffer
        // of a bad Receive is not posted again: the successor gets them all.
        private PortEvent Breach(int code)
        {
            Breached = code;
            return PortEvent.Garbage;
        }

        // The last breach's EthBreach code.
        public int Breached { get; private set; }

        // A frame has been with the driver for SendDeadlineMs, its link up:
        // a send takes microseconds, so the driver lost it (it answers RS's
        // pings: only inet can tell). Recorded as the breach to complain of.
        public const long SendDeadlineMs = 4000;

        public bool SendOverdue(long now)
        {
            if (!Opened || !Link || _queue.OldestStartMs > now - SendDeadlineMs)
                return false;
            Breached = EthBreach.SendUnanswered;
            return true;
        }

        // Frames sent again after the last restart.
        public int Resent { get; private set; }

        // Hands the driver every frame that may go now.
        private void Pump()
        {
            if (!Opened)
                return;
            long now = Process.UptimeMs();
            while (_queue.TryStart(out int slot, out byte[] frame, out int length, out long id, now))
            {
                byte[] buffer = _send[slot];
                int count = length < EthLimits.MinFrame ? EthLimits.MinFrame : length > EthLimits.MaxFrame ? EthLimits.MaxFrame : length;
                for (int i = 0; i < count && i < frame.Length; i++)
                    buffer[i] = frame[i];
                fixed (byte* bytes = buffer)
                    SetGrant(Receives + slot, bytes, GrantFlags.Read);
                if (Request(EthRequest.Send, id, Receives + slot, count) != Status.Ok)
                {
                    // The driver is gone: the frame stays in flight and goes
                    // again to the successor (DriverRestarted).
                    Opened = false;
                    return;
                }
            }
        }

        private void Post(int index)
        {
            fixed (byte* bytes = _receive[index])
                SetGrant(index, bytes, GrantFlags.Write);
            if (Request(EthRequest.Receive, index, index, EthLimits.MaxFrame) != Status.Ok)
                Opened = false;
        }

        private void SetGrant(int slot, byte* bytes, uint rights)
        {
            // The arrays live as long as the port and the heap never moves
            // an object, so the address stays valid for the driver.
            _grants[_grantBase + slot] = new GrantEntry
            {
                Flags = GrantFlags.Valid | rights, Sequence = GrantSequence, Grantee = Driver.Value,
                Address = (ulong)bytes, Length = EthLimits.MaxFrame,
            };
        }

        private int Request(int type, long id, int grant, int length)
        {
            Message message = default;
            message.Type = type;
            EthTransferRequest* request = EthTransferRequest.Of(&message);
            request->Id = id;
            request->Grant = GrantId.From(_grantBase + grant, GrantSequence).Value;
            request->Length = length;
            return Ipc.Send(Driver, &message);
        }
    }

    internal enum PortEvent { None, Opened, Reopened, LinkUp, LinkDown, Garbage }
}
