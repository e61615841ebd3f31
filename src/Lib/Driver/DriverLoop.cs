using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Lib.Driver
{
    // What every driver's main loop does, whatever the device class: take
    // the next message, route kernel notifications (IRQs, alarms) to hooks,
    // answer heartbeat pings at once, hand requests to the device class
    // (CharDriver, BlockDriver), and reply. Malformed requests get an error
    // reply; nothing a client sends can stop the loop. The one request
    // answered later is a character driver's waiting read (Handle returns
    // NoReply): the loop goes on serving everyone else meanwhile.
    //
    // A driver that is itself a client of other drivers (TTY over keyboard
    // and serial) gets their late replies through ReplyReceived: a message
    // of type DriverRequest.Reply is never a request and is never answered
    // (answering it would start two drivers bouncing errors at each other).
    // Notifications from components other than the kernel go to Notified.
    // Two messages come from the reincarnation server only (obeyed from
    // RS, ignored from anyone else): a FaultNotice (FaultInjection) and an
    // UpdateNotice, which starts a live update's handover (PrepareUpdate,
    // then UpdateHandover).
    public abstract unsafe class DriverLoop
    {
        protected virtual void Interrupt(ulong irqLines) { }
        protected virtual void Alarm() { }

        // A reply from a driver this one sent a request to (Source says
        // which; check it, anyone can send a message of this type).
        // Default: dropped.
        protected virtual void ReplyReceived(Endpoint source, Message* reply) { }

        // A notification from another component. Default: ignored.
        protected virtual void Notified(Endpoint source) { }

        // The device class's handling of one request: bytes or a Status, or
        // NoReply when the request was suspended (it is answered later).
        private protected abstract long Handle(Endpoint client, Message* message);

        private protected const long NoReply = long.MinValue;

        // The start-up layer (Lib/Sys Lifecycle): a driver that names its
        // label learns, before the first request, whether this is a fresh
        // start, a restart after its predecessor failed, or a live update,
        // and may take state back from DS in Started. Without a label (or
        // without DS in the image) every start is Fresh.
        protected virtual string? Label => null;

        protected virtual void Started(StartKind kind) { }

        // Where the driver keeps state its successor takes back (under its
        // Label in DS); null for a driver without a Label.
        protected StateStore? State { get; private set; }

        // Live update (`service update`): RS is about to replace this
        // driver with a new version. Save to State whatever the successor
        // needs that is not saved already; the library then tells RS it is
        // ready and serves nothing more (UpdateHandover). Default: nothing
        // to save.
        protected virtual void PrepareUpdate() { }

        // Replies go by SendAsync (a client that is not waiting cannot stall
        // the driver); one that finds the client's kernel queue full (VFS's
        // or inet's, busy with a transfer) waits here and goes again when
        // the driver next receives anything, instead of being lost.
        private protected static readonly AsyncOutbox Outbox = new AsyncOutbox(64);

        // Serves forever.
        public void Run()
        {
            if (Label != null)
                State = new StateStore(Label);
            Started(Label == null ? StartKind.Fresh : Lifecycle.Start(Label));
            Message message;
            while (true)
            {
                // What a server kept while it waited for a driver below it
                // (AnswerWait: TTY on the serial driver) comes first.
                if (!AnswerWait.TakeKept(&message) && Sys.Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                // Replies that found the client's queue full go again now.
                Outbox.Flush();
                if (message.Type == KernelMessageType.Notification)
                {
                    if (message.Source == Endpoint.Kernel.Value)
                    {
                        NotificationMessage* notice = NotificationMessage.Of(&message);
                        if (notice->IrqLines != 0)
                            Interrupt((ulong)notice->IrqLines);
                        if (notice->Alarm != 0)
                            Alarm();
                    }
                    else
                    {
                        Notified(new Endpoint(message.Source));
                    }
                    continue;
                }
                var client = new Endpoint(message.Source);
                if (message.Type == DriverRequest.Reply)
                {
                    ReplyReceived(client, &message);
                    continue;
                }
                if (message.Type == RsRequest.FaultNotice)
                {
                    FaultInjection.Obey(client, RsFaultNotice.Of(&message)->Fault);
                    continue;
                }
                if (message.Type == RsRequest.UpdateNotice)
                {
                    if (!UpdateHandover.FromReincarnationServer(client))
                        continue;
                    PrepareUpdate();
                    UpdateHandover.ReadyAndPark(client);
                    continue;
                }
                int request = message.Type;
                if (request != DriverRequest.Ping)
                    FaultInjection.RequestArrived();
                long result = request == DriverRequest.Ping ? Status.Ok
                    : (ulong)DriverRequestMessage.Of(&message)->Minor > int.MaxValue ? DriverStatus.NoSuchDevice
                    : Handle(client, &message);
                if (result != NoReply && (request == DriverRequest.Ping || !FaultInjection.TakeLostReply()))
                    Reply(client, request, result, &message);
            }
        }

        // A transfer request's client buffer, or null when its length is
        // out of bounds.
        private protected static bool TryBuffer(Endpoint client, Message* message, out GrantedBuffer buffer)
        {
            buffer = default;
            DriverRequestMessage* request = DriverRequestMessage.Of(message);
            if (request->Length < 0 || request->Length > DriverRequest.MaxTransfer)
                return false;
            buffer = new GrantedBuffer(client, new GrantId((int)request->Grant), (int)request->Length);
            return true;
        }

        // Replies never block the driver: a client that is not waiting (or
        // is gone) cannot stall it. The reply carries DeviceSize and
        // BlockSize as a Geometry handler left them, and the minor the
        // request named, so a client with requests
        // of one type in flight on several minors (VFS: a waiting read per
        // terminal) can tell their replies apart. Returns the send's Status
        // (DeadEndpoint: the client is gone).
        private protected static int Reply(Endpoint client, int request, long result, Message* message)
        {
            DriverReplyMessage* reply = DriverReplyMessage.Of(message);
            long size = reply->DeviceSize, blockSize = reply->BlockSize;
            long length = DriverRequestMessage.Of(message)->Length, minor = DriverRequestMessage.Of(message)->Minor;
            bool geometry = request == DriverRequest.Geometry;
            bool transfer = request == DriverRequest.Read || request == DriverRequest.Write;
            if (transfer && result >= 0 && FaultInjection.TakeBadReply())
                result = length + 1; // more than asked
            *message = default;
            message->Type = DriverRequest.Reply;
            reply->Result = result;
            reply->Request = request;
            reply->Minor = minor;
            if (geometry)
            {
                reply->DeviceSize = size;
                reply->BlockSize = blockSize;
            }
            return Outbox.Send(client, message);
        }

        // A late reply (a suspended request's), built from scratch.
        private protected static int Reply(Endpoint client, int request, long result, int minor)
        {
            Message message = default;
            DriverRequestMessage.Of(&message)->Minor = minor;
            return Reply(client, request, result, &message);
        }
    }
}
