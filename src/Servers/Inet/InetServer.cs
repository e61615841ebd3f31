using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Inet.Core;
using Minix3.Cosmos.Servers.Inet.Stack;

namespace Minix3.Cosmos.Servers.Inet
{
    // The receive loop (see Program): routes each message, then lets time
    // pass in the engine (Tick when its next timer is due), answers the
    // held socket requests whose wait is over, and logs what changed
    // (links, leases). The alarm is armed for the engine's next timer, and
    // at least once a second to look for drivers that came, went or were
    // replaced (also without DS's notices).
    internal sealed unsafe class InetServer : IClientMemory, IReplySink, IInterfaceView
    {
        // The drivers inet looks for, in the order they become eth0, eth1.
        public static readonly string[] Labels = { "e1000", "rtl8139" };
        private const long CheckPeriodMs = 1000;

        private readonly NetStack _stack;
        private readonly InetConfig _config;
        private readonly EthernetPort[] _ports;
        private readonly SocketServer _sockets;
        private int _bound;                  // interfaces named so far (eth0, eth1)
        private long _alarmAt = long.MaxValue, _nextCheck;
        private readonly uint[] _leased;     // per engine interface: the address last logged

        public InetServer(GrantEntry* grants)
        {
            _config = ReadConfig();
            _stack = new NetStack((ulong)Process.TimeStampCounter());
            _ports = new EthernetPort[Labels.Length];
            for (int i = 0; i < Labels.Length; i++)
                _ports[i] = new EthernetPort(Labels[i], grants, i * EthernetPort.GrantsPerPort);
            _leased = new uint[1 + Labels.Length];
            _sockets = new SocketServer(_stack, this, this, this);
        }

        // /etc/inet.conf from the boot image (the build packs it), else
        // "eth0 dhcp" for every interface.
        private static InetConfig ReadConfig()
        {
            byte[]? bytes = BootModules.Read("inet.conf");
            if (bytes == null)
            {
                Diagnostics.Print("inet: no inet.conf in the boot image; every interface dhcp");
                return new InetConfig();
            }
            var chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
                chars[i] = (char)bytes[i];
            InetConfig config = InetConfig.Parse(new string(chars));
            for (int i = 0; i < config.Errors.Count; i++)
                Diagnostics.Print(string.Concat("inet: inet.conf ", config.Errors[i], " (skipped)"));
            return config;
        }

        // Replies to VFS (and probes) that found its kernel queue full wait
        // here; never more than the sockets' held requests and one each.
        private readonly AsyncOutbox _replies = new AsyncOutbox(256);

        public void Run()
        {
            for (int i = 0; i < Labels.Length; i++)
                RestartNotices.Follow(Labels[i]);
            Diagnostics.Print("inet: lo 127.0.0.1/8; serving tcp, udp, icmp and inet");
            CheckDrivers(Process.UptimeMs());
            Message message;
            while (true)
            {
                ArmAlarm(Process.UptimeMs());
                // What arrived while this server waited on RS (Reincarnation) comes first.
                if (!AnswerWait.TakeKept(&message) && Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                long now = Process.UptimeMs();
                Route(&message, now);
                if (now >= _nextCheck)
                    CheckDrivers(now);
                if (now >= _stack.NextTimer())
                    _stack.Tick(now);
                _sockets.Retry(now);
                _replies.Flush();
                LogLeases();
            }
        }

        private void Route(Message* message, long now)
        {
            int source = message->Source;
            if (message->Type == KernelMessageType.Notification)
            {
                if (source == Endpoint.Kernel.Value)
                {
                    if (NotificationMessage.Of(message)->Alarm != 0)
                        _alarmAt = long.MaxValue;
                    return;
                }
                if (RestartNotices.IsFrom(source))
                {
                    RestartNotices.Drain();
                    CheckDrivers(now);
                    return;
                }
                // A driver's link changed: ask it how the link is.
                EthernetPort? noticed = PortOf(source);
                noticed?.AskStatistics();
                return;
            }
            if (source < 0)
                return;
            if (Reincarnation.AnswerPing(message))
                return;
            if (message->Type == EthRequest.Reply)
            {
                EthernetPort? port = PortOf(source);
                if (port != null)
                    Report(port, port.OnReply(message, now), now);
                return;
            }
            if (message->Type == DriverRequest.Reply)
                return;   // never answered: two components would bounce errors
            if (message->Type < DriverRequest.Open || message->Type > DriverRequest.Select)
                return;
            DriverRequestMessage* request = DriverRequestMessage.Of(message);
            var r = new SocketRequest
            {
                Source = source, Type = message->Type, Minor = request->Minor, Grant = request->Grant,
                Length = request->Length, Flags = request->Flags, Client = request->Client,
                Argument = message->Type == DriverRequest.Open ? request->Access
                    : message->Type == DriverRequest.Ioctl ? request->IoctlRequest : request->Position,
            };
            long result = (ulong)r.Minor > int.MaxValue ? DriverStatus.NoSuchDevice
                : message->Type == DriverRequest.Geometry ? DriverStatus.BadRequest
                : _sockets.Handle(r, now);
            if (result != SocketServer.NoReply)
                Reply(source, message->Type, result, r.Minor);
        }

        // Looks each label up: a driver that appeared is opened, one that
        // was replaced (a restart: a new endpoint) is opened again, one that
        // ended leaves its interface down until a successor comes.
        private void CheckDrivers(long now)
        {
            _nextCheck = now + CheckPeriodMs;
            for (int i = 0; i < _ports.Length; i++)
            {
                EthernetPort port = _ports[i];
                Endpoint found = Endpoints.Lookup(port.Label);
                if (found.IsNone)
                {
                    if (!port.Driver.IsNone && port.Index >= 0)
                        Diagnostics.Print(string.Concat("inet: ", port.Name, " ", port.Label, " gone; waiting for a successor"));
                    port.Detach();
                    // Past its restart limit RS keeps it stopped: the
                    // interface is down until someone starts it again.
                    if (!port.Down && RestartNotices.IsDown(port.Label))
                    {
                        port.Down = true;
                        int ended = port.Index >= 0 ? _stack.SetDriverDown(port.Index, true, now) : 0;
                        Diagnostics.Print(port.Index >= 0
                            ? string.Concat("inet: ", port.Name, " down: rs stopped ", port.Label, "; ", ended.ToString(),
                                " connections ended, and traffic through it fails at once until it is started again")
                            : string.Concat("inet: ", port.Label, " down: rs stopped it before it opened; no interface until it is started again"));
                    }
                    continue;
                }
                if (found == port.Driver)
                {
                    if (port.SendOverdue(now))
                        Complain(port);
                    continue;
                }
                if (!port.Attach(found))
                    port.Detach();   // it ended before taking Open (no NIC for it)
            }
        }

        // A port's driver answered: bind it to an interface on its first
        // Open, and log what happened.
        private void Report(EthernetPort port, PortEvent happened, long now)
        {
            switch (happened)
            {
                case PortEvent.Opened:
                case PortEvent.Reopened when port.Index < 0:
                    if (port.Down)
                    {
                        port.Down = false;
                        Diagnostics.Print(string.Concat("inet: ", port.Label, " up: started again"));
                    }
                    string? configured = port.Index < 0 ? BindInterface(port, now) : null;
                    Diagnostics.Print(string.Concat("inet: ", port.Name, " ", port.Label, " ", FormatMac(port.Mac), port.Link ? " link up" : " link down"));
                    if (configured != null)
                        Diagnostics.Print(string.Concat("inet: ", port.Name, " ", configured));
                    break;
                case PortEvent.Reopened:
                {
                    if (port.Down)
                    {
                        port.Down = false;
                        _stack.SetDriverDown(port.Index, false, now);
                        Diagnostics.Print(string.Concat("inet: ", port.Name, " up: ", port.Label, " started again"));
                    }
                    int resumed = _stack.DriverRestarted(port.Index, now);
                    Diagnostics.Print(string.Concat("inet: ", port.Name, " driver restarted, reopened; ", port.Resent.ToString(),
                        " frames sent again, ", resumed.ToString(), " connections resumed, ",
                        port.MacChanged ? "MAC changed to " + FormatMac(port.Mac) : "same MAC",
                        port.FilterChanged ? " but filter " + port.FilterInForce.ToString() : " and filter", ", link ", port.Link ? "up" : "down"));
                    break;
                }
                case PortEvent.LinkUp:
                    Diagnostics.Print(string.Concat("inet: ", port.Name, " link up"));
                    break;
                case PortEvent.LinkDown:
                    Diagnostics.Print(string.Concat("inet: ", port.Name, " link down"));
                    break;
                case PortEvent.Garbage:
                    Complain(port);
                    break;
            }
        }

        // A driver that answers garbage is broken in a way no crash shows:
        // inet complains to RS (MINIX's complaint), which replaces it; inet
        // then reopens the successor as after any restart. Once per
        // instance: its further garbage is dropped until RS has acted.
        private void Complain(EthernetPort port)
        {
            if (port.Driver == _complainedOf)
                return;
            _complainedOf = port.Driver;
            int status = Reincarnation.Complain(port.Label, port.Breached);
            Diagnostics.Print(string.Concat("inet: ", port.Name.Length > 0 ? port.Name : port.Label, " ", port.Label,
                " broke the protocol (", BreachName(port.Breached), "); complained to rs: status ", status.ToString()));
        }

        private Endpoint _complainedOf = Endpoint.None;

        private static string BreachName(int code) => code switch
        {
            EthBreach.ReceiveLength => "a receive longer than its buffer",
            EthBreach.UnknownId => "a receive for a buffer never posted",
            EthBreach.SendUnanswered => "a send unanswered for " + (EthernetPort.SendDeadlineMs / 1000).ToString() + " s",
            _ => "an answer to no request",
        };

        // Names the port's interface (eth0, eth1) and configures it as
        // inet.conf says (a missing line: DHCP); what was done, for the log.
        private string BindInterface(EthernetPort port, long now)
        {
            string name = string.Concat("eth", _bound.ToString());
            _bound++;
            int index = _stack.AddInterface(name, port);
            port.Bind(_stack, index, name);
            InterfaceConfig? wanted = _config.Find(name);
            if (wanted == null || wanted.Dhcp)
            {
                _stack.StartDhcp(index, now);
                return "dhcp";
            }
            _stack.Configure(index, wanted.Address, wanted.Mask, wanted.Gateway);
            _leased[index] = wanted.Address;
            return string.Concat(Describe(wanted.Address, wanted.Mask, wanted.Gateway), " (static)");
        }

        // One line per DHCP lease taken or lost.
        private void LogLeases()
        {
            for (int i = 1; i < _stack.InterfaceCount && i < _leased.Length; i++)
            {
                NetInterface ifc = _stack.Interface(i);
                if (ifc.DhcpState == DhcpState.Off || ifc.Address == _leased[i])
                    continue;
                _leased[i] = ifc.Address;
                Diagnostics.Print(ifc.Address == 0 ? string.Concat("inet: ", ifc.Name, " dhcp lease lost")
                    : string.Concat("inet: ", ifc.Name, " dhcp lease ", Describe(ifc.Address, ifc.Mask, ifc.Gateway)));
            }
        }

        // The alarm for the earlier of the engine's next timer and the next
        // driver check; re-armed only when that is earlier than the one set.
        private void ArmAlarm(long now)
        {
            long next = _stack.NextTimer();
            if (next > _nextCheck)
                next = _nextCheck;
            // Replies waiting for room in a client's queue go again soon.
            if (_replies.Count > 0 && next > now + AsyncOutbox.RetryMs)
                next = now + AsyncOutbox.RetryMs;
            if (next >= _alarmAt && _alarmAt > now)
                return;
            long delay = next - now;
            Devices.SetAlarm(delay < 1 ? 1 : delay);
            _alarmAt = next;
        }

        private EthernetPort? PortOf(int source)
        {
            for (int i = 0; i < _ports.Length; i++)
                if (!_ports[i].Driver.IsNone && _ports[i].Driver.Value == source)
                    return _ports[i];
            return null;
        }

        // IClientMemory: the kernel's checked copies through the client's grant.
        public int CopyFrom(int owner, long grant, int offset, byte[] into, int at, int count)
        {
            if (at < 0 || count < 0 || at + count > into.Length)
                return Status.BadArgument;
            fixed (byte* bytes = into)
                return Grants.CopyFrom(new Endpoint(owner), new GrantId((int)grant), (ulong)offset, bytes + at, (ulong)count);
        }

        public int CopyTo(int owner, long grant, int offset, byte[] from, int at, int count)
        {
            if (at < 0 || count < 0 || at + count > from.Length)
                return Status.BadArgument;
            fixed (byte* bytes = from)
                return Grants.CopyTo(new Endpoint(owner), new GrantId((int)grant), (ulong)offset, bytes + at, (ulong)count);
        }

        // IReplySink: never blocks (a client that stopped receiving cannot stall inet).
        public int Reply(int destination, int request, long result, long minor)
        {
            Message message = default;
            message.Type = DriverRequest.Reply;
            DriverReplyMessage* reply = DriverReplyMessage.Of(&message);
            reply->Result = result;
            reply->Request = request;
            reply->Minor = minor;
            return _replies.Send(new Endpoint(destination), &message);
        }

        // IInterfaceView.
        public bool HasLink(int index)
        {
            for (int i = 0; i < _ports.Length; i++)
                if (_ports[i].Index == index)
                    return _ports[i].Link;
            return false;
        }

        public int DriverOf(int index)
        {
            for (int i = 0; i < _ports.Length; i++)
                if (_ports[i].Index == index)
                    return _ports[i].Driver.IsNone ? 0 : _ports[i].Driver.Value;
            return 0;
        }

        private static string Describe(uint address, uint mask, uint gateway) =>
            string.Concat(IpAddress.Format(address), "/", IpAddress.PrefixOf(mask).ToString(),
                gateway != 0 ? string.Concat(" gw ", IpAddress.Format(gateway)) : "");

        private static string FormatMac(ulong mac)
        {
            const string digits = "0123456789abcdef";
            char[] text = new char[17];
            for (int i = 0; i < 6; i++)
            {
                int b = (int)(mac >> (40 - 8 * i)) & 0xFF;
                text[3 * i] = digits[b >> 4];
                text[3 * i + 1] = digits[b & 15];
                if (i < 5)
                    text[3 * i + 2] = ':';
            }
            return new string(text);
        }
    }
}
