using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Lib.Driver
{
    // The base of Ethernet drivers (MINIX's libnetdriver): the protocol of
    // src/Lib/Ipc/EthernetMessages.cs over a device class's hooks. The
    // device class (E1000, Rtl8139) claims its device through pci, maps
    // its registers, takes DMA memory, and then calls Run; the library
    // resets and programs the device (ResetDevice) before serving anyone,
    // takes its interrupt line, and owns the client, the sends in flight,
    // the posted receives, the queue, the statistics and the link.
    //
    // Sends: the client's frame is copied through its grant straight into
    // the device's next transmit buffer; the reply waits until the device
    // reports that frame done (TransmitDone, in the order they were given),
    // so a driver that dies first has reported nothing sent it did not send.
    // Receives: each frame the device has is copied into the oldest posted
    // receive, or queued (FrameQueue) when none is posted; a full queue
    // drops and counts. Work is done on every interrupt of the device's
    // line and on a poll alarm (PollMs), which also catches a lost
    // interrupt and watches the link.
    //
    // Known limit: when a driver dies, vm frees its DMA memory at once,
    // while the device may still be receiving into it until the next
    // instance resets it (milliseconds later). Closing that window needs
    // pci to turn bus mastering off when a device's holder ends (pci sees
    // the end: it takes the claim back) or vm to keep a dead driver's DMA
    // pages until its device is reset; neither is done here.
    public abstract unsafe class EthernetDriver : DriverLoop
    {
        public const int PollMs = 100;
        private const int QueuedFrames = 32;
        private const int MaxSends = 64;
        private const int ReceivesPerService = 64;

        // The device class's hooks. ResetDevice: reset the device (stop
        // its DMA), program it (rings, address filter, interrupts) and
        // start it; false when it does not respond.
        protected abstract bool ResetDevice();
        protected abstract ulong MacAddress { get; }
        protected abstract bool LinkUp { get; }
        // Reads (and so clears) the device's interrupt causes.
        protected abstract void AcknowledgeInterrupts();
        // The next free transmit buffer (room for EthLimits.MaxFrame), or
        // null when every slot is in use.
        protected abstract byte* TransmitBuffer();
        // Hands the buffer TransmitBuffer gave, holding `length` bytes, to
        // the device.
        protected abstract void StartTransmit(int length);
        // The oldest transmit in flight: Busy (none, or not done yet), Sent
        // or Failed; a done one is released.
        protected abstract TransmitState TransmitDone();
        // Copies the next received frame into `into` (room for MaxFrame)
        // and gives its buffer back to the device: its length, 0 when none
        // is there, -1 for a damaged frame (skipped).
        protected abstract int ReceiveFrame(byte* into);

        protected enum TransmitState { Busy, Sent, Failed }

        // Programs the receive filter the client asked at Open (EthFilter
        // bits, Unicast always among them) and returns the one now in
        // force. A restarted instance's reset leaves the device's default;
        // its client's Open asks again for what it had. A device that
        // cannot choose keeps what its reset set, and says so.
        protected virtual int ApplyReceiveFilter(int filter) => EthFilter.Default;

        // `service fi LABEL dma`: points every receive the device will use
        // at `physical`, memory the driver was not given, so the next frame
        // is DMA the IOMMU refuses (a DMA fault, reported to RS). False
        // when the device class cannot.
        protected virtual bool AimReceivesAt(ulong physical) => false;

        private readonly string _label;
        private readonly int _irq;
        private readonly FrameQueue _queue = new FrameQueue(QueuedFrames, EthLimits.MaxFrame);
        private readonly byte[] _frame = new byte[EthLimits.MaxFrame];
        private readonly byte[] _queued = new byte[EthLimits.MaxFrame];
        private readonly Pending[] _sends = new Pending[MaxSends];
        private readonly Pending[] _receives = new Pending[EthLimits.MaxReceives];
        private int _sendHead, _sendCount, _receiveHead, _receiveCount;
        private Endpoint _client = Endpoint.None;
        private bool _link, _interrupted, _transmitted;
        private int _filter = EthFilter.Default;
        private uint _framesIn, _framesOut, _errorsIn, _errorsOut;
        private long _bytesIn, _bytesOut;

        private struct Pending
        {
            public Endpoint Client;
            public long Id;
            public GrantId Grant;
            public int Length;
        }

        // `irq`: the line pci named (PciDeviceReply.NoIrq: none; the poll
        // alarm alone then drives the device).
        protected EthernetDriver(string label, int irq)
        {
            _label = label;
            _irq = irq;
        }

        protected override string? Label => _label;

        protected override void Started(StartKind kind)
        {
            if (!ResetDevice())
                Process.Panic(_label + ": the device does not come out of reset");
            _link = LinkUp;
            PublishLink();
            string irq = _irq == PciDeviceReply.NoIrq ? "none" : Decimal(_irq);
            Diagnostics.Print(string.Concat(_label, ": ", FormatMac(MacAddress), " irq ", irq,
                kind == StartKind.Fresh ? "" : " (restarted: device reset)", ", link ", _link ? "up" : "down"));
            if (_irq != PciDeviceReply.NoIrq && Devices.IrqControl(IrqCtlMessage.Enable, _irq) != Status.Ok)
                Process.Panic(_label + ": irqctl refused");
            Devices.SetAlarm(PollMs);
        }

        protected override void Interrupt(ulong irqLines)
        {
            if (_irq == PciDeviceReply.NoIrq || (irqLines & (1UL << _irq)) == 0)
                return;
            if (!_interrupted)
            {
                // Once: the line really delivers (the poll alarm alone
                // would also keep the driver working, only slower).
                _interrupted = true;
                Diagnostics.Print(string.Concat(_label, ": first interrupt on line ", Decimal(_irq)));
            }
            AcknowledgeInterrupts();
            Service();
            // The kernel masked the line when it notified us.
            Devices.IrqControl(IrqCtlMessage.Enable, _irq);
        }

        protected override void Alarm()
        {
            Service();
            Devices.SetAlarm(Outbox.Count > 0 ? AsyncOutbox.RetryMs : PollMs);
        }

        // A reply the client's full queue did not take waits in the loop's
        // outbox; the next alarm comes soon to send it again.
        private void SendReply(Endpoint client, Message* message)
        {
            if (Outbox.Send(client, message) == Status.Ok && Outbox.Count > 0)
                Devices.SetAlarm(AsyncOutbox.RetryMs);
        }

        private protected override long Handle(Endpoint client, Message* message)
        {
            switch (message->Type)
            {
                case EthRequest.Open:
                {
                    long asked = EthOpenRequest.Of(message)->Filter;
                    if (asked < 0 || asked > EthFilter.All)
                        return DriverStatus.BadRequest;
                    _client = client;
                    _receiveCount = 0;   // the old client's posted buffers
                    _filter = ApplyReceiveFilter(asked == 0 ? EthFilter.Default : (int)asked | EthFilter.Unicast);
                    ReplyTo(client, EthRequest.Open, Status.Ok, 0);
                    DeliverQueued();
                    return NoReply;
                }
                case EthRequest.Statistics:
                    ReplyStatistics(client);
                    return NoReply;
                case EthRequest.Send:
                    Send(client, EthTransferRequest.Of(message));
                    return NoReply;
                case EthRequest.Receive:
                    PostReceive(client, EthTransferRequest.Of(message));
                    return NoReply;
                default:
                    return DriverStatus.BadRequest;
            }
        }

        private void Send(Endpoint client, EthTransferRequest* request)
        {
            long id = request->Id, length = request->Length;
            if (client != _client)
            {
                ReplyTo(client, EthRequest.Send, EthStatus.NotClient, id);
                return;
            }
            if (length < EthLimits.MinFrame || length > EthLimits.MaxFrame)
            {
                ReplyTo(client, EthRequest.Send, EthStatus.BadLength, id);
                return;
            }
            byte* buffer = _sendCount == MaxSends ? null : TransmitBuffer();
            if (buffer == null)
            {
                ReplyTo(client, EthRequest.Send, Status.Busy, id);
                return;
            }
            int copied = Grants.CopyFrom(client, new GrantId((int)request->Grant), 0, buffer, (ulong)length);
            if (copied != Status.Ok)
            {
                ReplyTo(client, EthRequest.Send, copied, id);
                return;
            }
            StartTransmit((int)length);
            if (!_transmitted)
            {
                // Once per instance: the bench's restart latency runs from
                // a kill to this line of the successor.
                _transmitted = true;
                Diagnostics.Print(string.Concat(_label, ": first frame (", length.ToString(), " bytes) sent at ",
                    Process.TimeStampCounter().ToString(), " tsc"));
            }
            _sends[(_sendHead + _sendCount) % MaxSends] = new Pending { Client = client, Id = id, Length = (int)length };
            _sendCount++;
            Service();
        }

        private void PostReceive(Endpoint client, EthTransferRequest* request)
        {
            long id = request->Id;
            if (client != _client)
            {
                ReplyTo(client, EthRequest.Receive, EthStatus.NotClient, id);
                return;
            }
            if (request->Length < EthLimits.MaxFrame || request->Length > DriverRequest.MaxTransfer)
            {
                ReplyTo(client, EthRequest.Receive, EthStatus.BadLength, id);
                return;
            }
            if (_receiveCount == _receives.Length)
            {
                ReplyTo(client, EthRequest.Receive, Status.Busy, id);
                return;
            }
            _receives[(_receiveHead + _receiveCount) % _receives.Length] =
                new Pending { Client = client, Id = id, Grant = new GrantId((int)request->Grant), Length = (int)request->Length };
            _receiveCount++;
            DeliverQueued();
        }

        // Everything the device has done since last time: sends finished,
        // frames received, the link.
        private void Service()
        {
            if (FaultInjection.TakeWildDma())
                Diagnostics.Print(string.Concat(_label, AimReceivesAt(FaultInjection.WildDmaTarget)
                    ? ": fault injected: receives aimed at 0x" + FaultInjection.WildDmaTarget.ToString("x") : ": fault injected: this device cannot be aimed"));
            while (_sendCount > 0)
            {
                TransmitState state = TransmitDone();
                if (state == TransmitState.Busy)
                    break;
                Pending send = _sends[_sendHead];
                _sendHead = (_sendHead + 1) % MaxSends;
                _sendCount--;
                if (state == TransmitState.Sent)
                {
                    _framesOut++;
                    _bytesOut += send.Length;
                }
                else
                {
                    _errorsOut++;
                }
                ReplyTo(send.Client, EthRequest.Send, state == TransmitState.Sent ? send.Length : DriverStatus.IoError, send.Id);
            }
            fixed (byte* frame = _frame)
            {
                for (int i = 0; i < ReceivesPerService; i++)
                {
                    int length = ReceiveFrame(frame);
                    if (length == 0)
                        break;
                    if (length < 0)
                    {
                        _errorsIn++;
                        continue;
                    }
                    _framesIn++;
                    _bytesIn += length;
                    DeliverQueued();
                    if (_queue.Count > 0 || !Deliver(frame, length))
                        _queue.Add(frame, length);
                }
            }
            bool up = LinkUp;
            if (up != _link)
            {
                _link = up;
                Diagnostics.Print(string.Concat(_label, ": link ", up ? "up" : "down"));
                PublishLink();
                if (!_client.IsNone)
                    Sys.Ipc.Notify(_client);
            }
        }

        // Into the oldest posted receive; false when none is posted. A
        // receive whose copy fails (a bad grant, a client gone) is answered
        // with the copy's status and the frame tried on the next one.
        private bool Deliver(byte* frame, int length)
        {
            while (_receiveCount > 0)
            {
                Pending receive = _receives[_receiveHead];
                _receiveHead = (_receiveHead + 1) % _receives.Length;
                _receiveCount--;
                int copied = Grants.CopyTo(receive.Client, receive.Grant, 0, frame, (ulong)length);
                // `service fi LABEL reply`: this answer claims more bytes
                // than the buffer holds, garbage the client must catch.
                long result = copied != Status.Ok ? copied : FaultInjection.TakeBadReply() ? receive.Length + 1L : length;
                ReplyTo(receive.Client, EthRequest.Receive, result, receive.Id);
                if (copied == Status.Ok)
                    return true;
            }
            return false;
        }

        private void DeliverQueued()
        {
            // _frame may hold a frame being received: the queued one
            // goes through a buffer of its own.
            fixed (byte* copy = _queued)
            {
                while (_queue.Count > 0 && _receiveCount > 0)
                {
                    int length = _queue.CopyFront(copy);
                    if (!Deliver(copy, length))
                        break;
                    _queue.RemoveFront();
                }
            }
        }

        private void PublishLink() => State?.SaveNumber("link", _link ? 1u : 0u);

        private void ReplyTo(Endpoint client, int request, long result, long id)
        {
            Message message = default;
            message.Type = EthRequest.Reply;
            EthReply* reply = EthReply.Of(&message);
            reply->Result = result;
            reply->Request = request;
            reply->Id = id;
            reply->Link = _link ? 1 : 0;
            if (request == EthRequest.Open)
            {
                reply->Mac = (long)MacAddress;
                reply->Filter = _filter;
            }
            // `service fi LABEL lose`: the next send's answer is never sent
            // (the frame went out, or was refused, and inet is never told).
            if (request == EthRequest.Send && FaultInjection.TakeLostReply())
                return;
            SendReply(client, &message);
        }

        private void ReplyStatistics(Endpoint client)
        {
            Message message = default;
            message.Type = EthRequest.Reply;
            EthStatisticsReply* reply = EthStatisticsReply.Of(&message);
            reply->Result = Status.Ok;
            reply->Request = EthRequest.Statistics;
            reply->Link = _link ? 1 : 0;
            reply->FramesIn = _framesIn;
            reply->FramesOut = _framesOut;
            reply->BytesIn = _bytesIn;
            reply->BytesOut = _bytesOut;
            reply->ErrorsIn = _errorsIn;
            reply->ErrorsOut = _errorsOut;
            reply->Drops = _queue.Dropped;
            reply->Queued = (uint)_queue.Count;
            SendReply(client, &message);
        }

        // 52:54:00:12:34:56 (byte i of the address in bits 8i..8i+7).
        public static string FormatMac(ulong mac)
        {
            char[] text = new char[17];
            const string digits = "0123456789abcdef";
            for (int i = 0; i < 6; i++)
            {
                int b = (int)(mac >> (8 * i)) & 0xFF;
                text[3 * i] = digits[b >> 4];
                text[3 * i + 1] = digits[b & 15];
                if (i < 5)
                    text[3 * i + 2] = ':';
            }
            return new string(text);
        }

        private static string Decimal(int value) => value.ToString();
    }
}
