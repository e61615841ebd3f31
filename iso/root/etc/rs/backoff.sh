component=$1          # args from reinc. server
reason=$2             # dynamic update = 6
repetition=$3        # current failure count

if [ ! $reason -eq 6 ]
then
    sleep $((1 << ($repetition - 1)))
fi
service restart $component
