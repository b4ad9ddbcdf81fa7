"""English phrase bank (Hong Kong, US and UK customers). Same line format as bank_hans.py."""

COMPLAINTS = {
    "billing": """
u|my bill this month is {amt} higher and I used the same as always
m|you charged me {amt} in overage fees without a single warning text
m|got back from vacation to {amt} in roaming charges, the travel pass never kicked in
u|there is a {amt} "miscellaneous fee" on my statement and nobody can explain it
m|I topped up {amt} on {date} and the balance never changed
m|why am I still being billed for a line I cancelled months ago
u|the promo price was {amt} a month and now it jumped without notice
u|you hit me with a {amt} early termination fee nobody mentioned at signup
b|I was charged twice for internet this month
b|my internet bill went up {amt} and I never agreed to a price increase
b|still being charged for the modem rental after I returned it on {date}
b|the autopay took {amt} for internet service I cancelled
f|I pay {amt} a month for a landline I barely use and now there are long distance charges I never made
t|charged {amt} for a pay-per-view movie nobody in my house ordered
t|the cable box fee showed up again after you promised to waive it
u|the {amt} refund I was promised on {date} never arrived
u|I was double charged {amt} and still waiting on the credit
u|the invoice has the wrong company name and you refuse to reissue it
m|I keep getting charged for a phone insurance plan I cancelled on {date}
u|the late fee was charged even though my payment posted on time
m|my prepaid top-up of {amt} disappeared from my balance
v|charged {amt} for a streaming bundle that was supposed to be included
m|my contract auto-renewed onto a pricier plan and now I pay {amt} more a month
m|I was billed the monthly fee for the months my line was suspended
b|you started charging monthly while my prepaid year of internet was still running
u|the paperless invoice never arrives so I cannot expense it
m|a {amt} activation fee showed up on a line I added online where it said no fees
u|the bundle discount disappeared from my statement and my total jumped {amt}
m|I was charged for international texts I never sent
f|there is a {amt} charge for directory assistance calls nobody made
t|the equipment fee for a second box I returned months ago is still on every statement
u|you applied my payment to the wrong account and now I have a late fee
u|why is there a {amt} "service charge" on my account, nobody ever explained this fee to me
m|every month the total is different even though my plan is a flat {amt}, what are these surcharges
u|got hit with a {amt} fee for paying by card over the phone, this is ridiculous
u|your system took the payment out of my bank twice and the second one is still not back
m|the data overage you charged me is impossible, my phone was off most of the month
t|my cable bill doubled after the promo ended and no one sent a single reminder
u|a {amt} restocking fee for returning equipment within the return window? no
b|charged for a full month of internet after I cancelled on day two of the cycle
u|the refund check you mailed bounced and now my bank is charging me too
m|i pay for international calling but got billed per minute for calls to Canada anyway
u|you keep adding a paper bill fee even though I switched to paperless on {date}
f|long distance charges on my landline for a number in a state I have never called
u|the prorated charge on my first bill makes no sense, it is more than a full month
m|the prepaid card I bought at the gas station never loaded, {amt} gone
m|my phone bill says I used 30GB in two days, that's impossible, I was on wifi at home
u|I paid in full at the store on {date} and the payment never posted, now there's a late fee
b|why am I paying a "broadcast fee" and a "network fee" on top of the advertised internet price
u|your price lock guarantee lasted exactly four months
m|charged {amt} for texts to a short code I have never heard of
t|still paying for the second TV box I returned, I have the return receipt
u|the credit you promised shows on my account page but the bill still asks for the full amount
m|the family plan price went up {amt} per line and nobody told us
b|I was billed for a technician visit that was your own fault
u|you charged my card {amt} without any bill being sent first
u|overcharged again
m|bill is way too high
""",
    "unauthorized_service": """
v|there is a {vas} subscription on my bill that I never signed up for
v|you added {vas} to my account without my consent and charged {amt}
v|my elderly mother got signed up for premium content services she never asked for
v|the free trial of {vas} turned into a paid plan without any reminder
v|I have tried three times to cancel {vas} and it keeps coming back
m|someone added an international add-on to my line without asking me
m|my plan was switched to a more expensive one without my permission
m|third party charges on my phone bill that I did not authorize
t|premium channels were added to my cable package without my approval
b|you added a security suite to my internet account that I never ordered
v|a music subscription showed up on my account, I never clicked anything
t|movie channels appeared on my cable package and the bill went up {amt}
m|you put a data booster on my line that I never requested
v|the store activated {vas} while setting up my new phone and never mentioned it
v|I said no to the sales call and you added {vas} anyway
v|a horoscope text service is billing my line every week and I never opted in
m|an international calling pack was added to my plan after a call with support about something else
v|my account now has an identity protection add-on that nobody asked for
t|a premium movie channel trial rolled into a paid subscription without my consent
v|a {amt} charge for a game subscription appeared on my phone bill, my kids never signed up for anything
m|somebody upgraded my plan over the phone pretending to be me and you just let them
v|charges from some "premium SMS" shortcode every week, I did not subscribe to anything
t|the sports package was added during a call about my remote and now it is on every bill
v|you enrolled me in device protection at checkout without asking, {amt} a month
b|my internet account suddenly has a static IP add-on I never requested
v|I cancelled {vas} and it re-subscribed itself the next month
m|the store rep activated a second line on my account to hit his sales numbers
m|a new line showed up on my account that I never opened, it is billing me {amt}
v|your website auto-checked a box for a paid trial and now I am charged monthly
t|a movie package trial was turned on by a salesman who came to my door, I said no
v|paid ringback tones on my line since {date}, never asked for them
m|you added a tablet data line to my plan when I only came in to pay my bill
v|there's a {amt} monthly "content" charge on my line, I never authorized any third party billing
t|a DVR upgrade I didn't ask for was added after the technician visit
m|my line was switched to a business plan without my knowledge
v|you signed my teenager up for a music streaming add-on from a text message, no parent consent
b|an extra wifi extender rental appeared on my bill, I never received one
v|I keep cancelling the insurance add-on and it keeps reappearing on the next bill
m|international roaming pass added automatically when I landed, I never opted in
v|who added this subscription
t|a kids' channel pack appeared on my cable package at {amt} a month, there are no kids in this house and I never ordered it
v|there's a {amt} a month music subscription on my phone bill I never authorised
m|someone stuck a {amt} data booster on my line and it renews every month, who approved that
v|every statement has a {amt} "device security" add-on I never signed up for
b|my broadband suddenly has a {amt} mesh wifi service on it, I never agreed to that
v|my dad's phone got signed up to a {amt} horoscope text thing, eight months of charges before we noticed
""",
    "network_quality": """
m|no signal at all inside my apartment, I have to stand by the window to make a call
m|calls keep dropping every few minutes, this has been going on all week
m|my 5G icon is on but the data speed is worse than 3G
m|{place} has had terrible coverage for a month
m|text messages are not going through, they just say failed
m|people calling me get straight to voicemail even though my phone is on
m|data stops working every evening around 8pm
b|my internet speed is 8 Mbps when I pay for 300
b|the wifi drops every ten minutes, restarting the router does nothing
b|internet has been down in {place} since {date}
b|constant buffering on every streaming service, is my connection being throttled
b|ping spikes every night make online gaming impossible
f|my landline has a loud crackle on every call
f|no dial tone on the home phone since yesterday
t|the TV picture keeps freezing and pixelating during live games
m|my calls sound robotic and choppy, the other person cannot hear me
m|mobile data is unusable in {place}, pages never load
t|the cable TV signal keeps breaking up on every channel
f|the home phone line has static and the calls cut off
m|zero signal on the train for the whole commute
b|every time it rains the internet goes out
m|video calls freeze constantly and the audio cuts in and out
b|latency spikes to 300ms every night, games are unplayable
m|calls go silent after thirty seconds, both sides lose audio
b|upload speed is under 1 Mbps so my video meetings keep freezing
m|my phone falls back to 3G everywhere downtown
b|the internet crawls every weekend evening, speed tests show a fraction of my plan
f|my landline rings once and the call drops
t|streaming on the TV box stutters and the picture goes blocky
m|calls to my mother's number never connect, just silence
m|I can receive calls but cannot make any since yesterday
b|my connection to work VPN keeps timing out, everything else crawls too
m|group texts arrive hours late or not at all
b|wifi speed is fine next to the router but useless one room away and the line itself tests slow
m|I lose service every time I walk into my kitchen, it's been like this since the upgrade
m|my calls go straight to voicemail for hours at a time even with full bars
b|internet slows to a crawl at exactly 7pm every day, like clockwork
m|texts with pictures never send, plain texts take forever
b|the connection drops for a few seconds every hour which kills my video calls
m|LTE shows but nothing loads, not even a search page
f|calls on the landline have an echo so bad I hear myself twice
t|the TV service cuts out for a minute every evening and shows no signal
m|whole neighborhood of {place} has had no mobile data since the storm
b|speed tests are fine on the modem but wifi barely reaches the next room and keeps dropping
m|calls drop when I cross the bridge every single day
m|my friends abroad can't get through to me, international calls fail
m|incoming calls don't ring, I just get a missed call notification an hour later
m|I have to hold my phone by the window to send a text
b|the internet cuts out whenever it gets windy outside
m|5G keeps switching on and off and drains my battery
b|downloads start fast then drop to nothing after a minute
m|calls to landlines have a two second delay, everyone talks over each other
t|the picture on live channels goes black for a few seconds every few minutes
m|no service at all in the basement office where I work all day
b|gaming is impossible, packet loss every evening
m|no signal again
b|internet down again
b|wifi so slow
m|calls keep dropping
m|data not working
b|oh wonderful, another outage, third one this month
m|love paying for 5G and waiting a minute for a text to send
b|gigabit broadband my foot, can't stream a single show in the evening
m|great, one bar of signal in the middle of town again
m|every day around 4pm my data slows to dial-up speeds
f|there's a constant hum on the landline, I have to shout
t|the TV picture breaks up into squares several times a night
""",
    "fault_repair": """
b|I reported my internet outage three days ago and nobody has fixed it
b|ticket {order} was opened on {date} and it still says in progress
b|the technician was supposed to come between 8 and 12 for the repair and never showed up
b|you fixed my connection last week and it broke again today
b|every time I report the fault you say it is resolved and it is not
b|third repair visit and the line still drops
f|my landline has been dead for a week and the repair keeps getting pushed back
t|cable box repair was scheduled twice and cancelled twice
m|I reported the dead zone near my home a month ago and nothing has been done
m|the tower near me has been broken for weeks and the repair ticket just sits there
t|the repair tech for my cable box cancelled on me for the third time
f|the repair appointment for my dead phone line keeps getting pushed back
b|construction crews cut the fiber and the repair is scheduled a week out
b|my repair ticket was closed without anyone fixing anything
f|the storm knocked down my phone line and three repair requests went nowhere
b|the repair visit was marked complete but no one ever came to my house
b|the line has been repaired four times this year and keeps failing the same way
m|support opened a network ticket for my dead zone and closed it without fixing anything
f|the repair crew left the junction box open and my phone still does not work
b|I reported the outage on {date}, was promised a tech within 48 hours, still waiting
f|the landline fault came back two days after the repair, same crackling, same dead line
t|the repair guy swapped my box and left, the new one has the exact same fault
b|my fault ticket keeps getting reassigned and nobody actually shows up
b|they fixed the cable outside once, it failed again a day later and now no one answers
m|reported the weak signal at my office months ago, the ticket was closed as resolved, nothing changed
u|third repair appointment missed, no call, no text, nothing
b|the tech said the problem is outside and another crew will come, that was two weeks ago
f|my home phone has been out of order since {date} and you keep moving the repair date
t|the repair ticket for my set-top box says completed, the box is still dead
b|every repair visit they replace the modem and the drops start again within a week
b|the repair was supposed to be done by the weekend, it's Wednesday and still no internet
f|the phone line has been dead since the road works and the repair date keeps moving
m|support said the tower repair would be done in 72 hours, that was three weeks ago
b|your tech replaced the same cable three times and the fault is still there
t|the repair ticket for my TV was closed while I was still on the phone with support
u|I've been promised a callback from the repair team five times
b|still no tech
m|the mast near us went down in the storm, you said it'd be fixed in a fortnight, that was six weeks ago
b|the engineer swapped a cable, said job done, and it dropped again before his van left the road
b|fourth time reporting the same fault and every time the fix is "turn it off and on again"
b|the street cabinet got hit by a car two weeks ago, "waiting for parts", whole road without broadband
f|the landline got flooded in the storm and the repair was booked for 20 days later
b|my repair shows completed but nobody came and it's still dead
m|the mast was repaired once, worked for three days, now no signal again and nobody answers the ticket
b|oh brilliant, fifth repair visit and the engineer still says reboot it
""",
    "installation": """
b|my new internet installation was scheduled for {date} and the installer never came
b|paid for installation a week ago and still no service
b|moved house and the transfer of my internet has been pending for two weeks
b|the installer said my building has no ports available after you sold me the plan
b|I asked to disconnect my service a month ago and you are still billing me
b|rescheduled my install three times and nobody shows up
f|waiting almost a month for a landline to be connected
t|IPTV set-top box installation still not done after ten days
t|the cable installation appointment was cancelled the morning of
f|new landline order placed a month ago and still no dial tone
b|the installer wants me to pay to run the cable from the street myself
b|the install date got moved a week on the morning of the appointment
t|the TV install left half the channels missing and the tech never came back
b|ordered service for my new apartment three weeks ago and the activation keeps getting delayed
b|the installer drilled a hole in the wrong wall and left without connecting anything
f|the landline disconnection I requested never happened and the bills keep coming
t|the set-top box arrived by mail but the activation visit has been rescheduled twice
b|the activation for my new service was supposed to be instant, four days and nothing
b|I have been without internet since the move because the transfer order is stuck
t|the TV installer never showed, no call, I took a day off work for nothing
b|my fiber install was cancelled because of a "permit issue" and nobody will give me a new date
f|I ordered a landline for my shop and three weeks later there is still no line
b|installation was marked complete in your system but the technician never came
b|waited all day for the install window, at 6pm they texted it was rescheduled
b|asked to cancel service before moving out and you never shut it off, the new tenant is using it
t|the box for my new TV service was shipped to the wrong address so the install got pushed again
b|the installer showed up without the equipment and left
f|the landline transfer to my new apartment has been "in progress" for a month
b|they installed internet at the wrong unit in my building
b|my new service activation was delayed because the order "fell out of the system"
t|the installer set up only one of the two TV boxes I ordered
f|the landline install was scheduled, confirmed, and then nobody came
b|I ordered service two months before moving in and it's still not active
b|the installer left a cable running across my floor and said someone else would finish
b|installer no show
b|paid a {amt} setup fee and you cancelled the install appointment the night before with no new date
b|I paid {amt} for activation and the installer no-showed twice, not even a call
t|paid {amt} for cable box installation a month ago and nobody has turned up
f|the {amt} connection fee for my landline went through three weeks ago and there's still no line into the house
b|you took the {amt} relocation fee straight away but nobody has come to move the service
""",
    "service_attitude": """
u|your rep was rude and hung up on me mid sentence
u|the store staff ignored me for twenty minutes and then rolled their eyes
u|I was transferred five times and every department said it is not their problem
u|spent an hour on hold and never reached a human
u|the agent was condescending and kept interrupting me
u|promised a callback within 24 hours, that was three days ago
b|the technician was rude and refused to take his shoes off in my home
m|the store told me they cannot help with my number and to call someone else
u|the agent laughed at me when I explained the problem
u|your chat bot loops forever and never hands me to a person
u|the store manager yelled at me in front of other customers
u|support told me it is a system issue and I should figure it out myself
u|the store clerk mocked me in front of other customers
u|after I complained a manager called and basically told me to stop complaining
u|the chat agent closed the conversation on me while I was still typing
u|the phone rep refused to give me a reference number and got snippy
u|the store staff would not help me because I did not have an appointment, the store was empty
u|I have explained the same issue to six different agents and none of them read the notes
u|the agent said he would escalate and then just ended the call
u|support keeps reading me a script instead of listening
u|the rep in the store refused to explain the charges and walked away
u|the agent kept calling me sir after I corrected him three times and then hung up
u|nobody at the store would help me because it was 15 minutes before closing
u|the supervisor I asked for never came on the line, they just put me back in the queue
u|your rep told me to stop wasting his time
u|the chat agent was copy pasting answers that had nothing to do with my question
u|I was on hold for two hours and the call dropped, no callback
u|the technician was on his phone the whole visit and ignored my questions
u|every department I am transferred to tells me a different story
u|I asked for a manager and the employee just walked away from the counter
u|support keeps promising to call back and never does, five promises so far
u|the lady at the store raised her voice at my elderly father
u|your social media team just copy pastes "DM us" and then never answers the DM
u|the manager told me to take my business elsewhere if I don't like it
u|the agent muted me and I could hear him laughing with a coworker
u|I got hung up on three times when I asked for a supervisor
u|the tech rolled his eyes and said my building is a waste of his time
u|customer service told me it's my fault for not reading the fine print, very condescending
u|support closed my chat because I "was being difficult" for asking a question twice
u|the employee refused to give me his name when I asked
u|rude agent, hung up on me
u|the helpline sent me to the store, the store sent me to the area manager, the area manager said it's a helpline matter, round and round and nobody will own it
u|queued an hour in the store, got to the front and the assistant said her shift was over, come back tomorrow, didn't even look up when I said it was one signature
b|the engineer turned up two hours late, moaned about the stairs, ignored every question I asked and slammed the door on the way out
u|five calls, five times told to "be patient", when I asked how long I got "thank you for your understanding" and the line went dead
u|waited 40 minutes on chat for a human, he asked me everything again, transferred me to another team, another 40 minutes, then they told me the team had gone home
""",
    "handling_error": """
m|I downgraded my plan in store and got billed at the old rate again
m|my number port has been stuck for two weeks
m|the sales rep said unlimited data with no throttling, I got throttled at 40GB
m|the replacement SIM does not work because the store typed my number wrong
m|the promised bill credit for trading in my phone never showed up
m|you cancelled the wrong line on my account
b|my speed upgrade was confirmed but the system still has the old plan
u|the retention offer I was promised on the phone is not on my account
f|I asked to suspend my landline and you suspended my mobile number instead
u|your salesperson lied about the contract terms to get me to sign
u|my name and address are wrong on the account and nobody will correct them
u|the rep promised a loyalty discount that never got applied
u|you merged my account with someone else's and now I see their lines
m|I asked to keep my number on hold and the store cancelled it instead, number gone
m|I topped up the wrong number and you refuse to refund or move it
u|my ID details were entered under someone else's name and three corrections later it is still wrong
m|the rep set up my new line on the wrong plan even though I read the plan name to him
m|my number was ported to the wrong account and now someone else gets my calls
b|the move order was entered for the wrong address
m|the trade-in credit was applied at half the value the store quoted
m|the rep swore my old plan would carry over on the upgrade and it did not
m|I was told the phone was paid off but you are still charging installments
b|you processed my cancellation on the wrong date so I paid for an extra month of internet
u|my account PIN was reset by the store without my request and now I am locked out
u|you sent my final bill to my old address after I updated it twice
u|the promotion I signed up for was never attached to my account
b|the order for a faster tier was cancelled on your end and nobody told me
m|my family plan lines were split into separate accounts by mistake
u|the store gave me a receipt for a payment that never reached my account
m|I asked to switch plans and you switched my wife's line instead
u|three different reps quoted three different prices and the bill matches none of them
m|my port out PIN never worked and the new carrier cannot take my number
u|you sent a cancellation confirmation but the service is still active and billing
u|my autopay was set up on the wrong card by your agent
m|the upgrade order shipped the wrong phone model and now I am stuck in the return loop
u|the discount for seniors I qualified for was taken off without explanation
b|the speed change I ordered was applied to a different address on my account
u|I was promised a waiver of the fee in writing and it was still charged
m|the new SIM was activated on the wrong number so I lost my old one
u|the contract I signed in store is not the one in my online account
m|the rep forgot to remove the old line when I moved to the family plan so I am paying for both
u|your agent changed my account email to a typo and now I cannot log in
t|I asked to downgrade the TV package and they removed it completely
m|the store activated my new phone on my old plan instead of the one I signed for
u|my account shows a payment arrangement I never agreed to
m|you ported my number to the new phone but the old line is still active and billing
u|the refund went to a card I closed years ago even though I gave the rep my new one
b|I cancelled the upgrade order and you still processed it
u|my paperless billing request set my account to inactive by mistake
m|the rep told me the phone was free with a trade-in, the trade-in was never processed
b|you disconnected my neighbour's service instead of mine when I moved
m|my eSIM transfer was done to the wrong device
u|nobody updated my account after I submitted the disability discount form twice
v|I asked to cancel one add-on and the rep removed all my services
u|the account holder was changed to my ex-husband without my signature
m|wrong plan on my account again
u|the salesman swore the bundle would save me {amt} a month, first bill it's higher than what I paid before
m|the rep in store said my new plan would be {amt} flat, the bill says otherwise and now they claim he never said it
b|door-to-door guy said broadband plus TV would save {amt} a year, turns out the discount lasts three months
u|the agent promised a {amt} goodwill voucher on the phone and it never materialised
u|I changed my billing address in store last month, the clerk typed the wrong flat number, two bills went missing, and now I'm told I have to come in again in person to fix your mistake
m|three calls to change my plan: the first said it was logged, the second had no record of it, the third told me to go to a store, and the store told me it can only be done online
b|when I moved, support promised my broadband account would move with me, instead the old account kept billing, the new one charged a fresh setup, and four calls later nobody can untangle it
u|you promised a callback within three days with an answer, I waited a week, rang back, and the new agent said there was no note of my case at all and I had to start from scratch
m|ported my number in, the store said it'd work the same day, three days of no service later they admit they forgot to upload one form
u|after my mum passed I asked to move her account into my name, three visits, two copies of the death certificate and six weeks later it's still in her name and still billing
""",
    "product_quality": """
b|the router you gave me reboots itself several times a day
b|the modem overheats and shuts down
t|the set-top box freezes constantly and the remote stops responding
t|the cable box takes five minutes to boot and the DVR lost all my recordings
m|the phone I bought on contract keeps restarting and the store will not swap it
v|your app crashes every time I try to log in
v|the online payment page throws an error and I cannot pay my bill
v|{vas} keeps buffering while every other app works fine
m|the hotspot device you sold me will not hold a charge
t|the remote buttons stopped working even with new batteries
v|photos I uploaded to your cloud storage vanished
m|the free phone you gave me has a swollen battery after a month
b|the mesh extenders you sold me disconnect every night
t|the voice remote does not pair with the box at all
v|the account page shows someone else's usage data when I log in
m|the eSIM you provisioned will not activate on my phone
b|the modem's wifi radio keeps dying and only a power cycle brings it back
t|the new set-top box overheats and shuts off during movies
v|the app's bill pay button does nothing on android
m|the loaner phone you gave during repair has a cracked screen and no sound
v|your voicemail app deletes messages on its own
b|the router's firmware update bricked it
b|the new gateway drops all devices whenever someone uses the microwave
t|the streaming box remote drains batteries in a week
v|the app shows my data usage as zero all month and then a huge bill arrives
m|the refurbished phone you sent as a replacement won't charge
v|your website logs me out every time I try to view my bill
b|the router's wifi randomly changes channel and everything disconnects
t|the DVR stops recording halfway through shows
v|the parental control feature in your app doesn't block anything
m|the hotspot you rent out overheats after half an hour
v|your email service marks every message from my bank as spam
t|the TV box guide shows the wrong programs every evening
b|the modem's lights say everything is fine while nothing connects
v|voicemail to text transcribes gibberish and misses half the messages
m|the signal booster you sold me makes reception worse
v|your app says my payment failed but the money left my bank
b|the modem you sent has a broken power port
t|the voice search on the TV box never understands anything
m|the phone you sold me as new came with someone else's photos on it
v|the website's chat button has been broken for weeks
b|the wifi extender you provide can't stay connected to the router
v|two factor codes from your app arrive after they expire
t|the set-top box fan is so loud we can't hear the TV
m|my rental hotspot dies after ten minutes unplugged
v|app won't load
t|cable box frozen again
""",
    "suspension": """
m|my line was suspended even though I have credit on the account
m|you cut off my phone over a {amt} balance without any notice
u|paid the overdue amount two hours ago and my service is still not restored
m|my number was shut off as suspected fraud, I am a normal customer
b|internet disconnected for non payment but I am on prepaid
f|my landline was suddenly disconnected without any warning
b|you disconnected my internet for non payment while autopay was on
m|you shut off my number because my ID expired, no warning at all
b|you cut my internet claiming I was reselling it, I just have a mesh router
m|my phone was barred after a payment glitch on your side and support cannot lift it
f|the home phone got cut off because of a billing dispute that was already settled
m|you blocked my line for roaming fraud while I was on a business trip
m|my phone was disconnected right after I paid, the payment shows on my card
m|prepaid line deactivated with credit still on it
b|internet suspended for a bill I already disputed in writing
m|my line got suspended for "unusual activity" after I called my family overseas
b|you cut off my internet the day the bill was due, not even past due
m|prepaid service ended early even though I topped up on time
u|my account was frozen over an identity check nobody told me about
m|number disconnected while I was in hospital, bill was on autopay the whole time
b|internet shut off for "excessive usage" on a plan you sold me as unlimited
m|you suspended my phone for a past due amount I had already paid at the store
f|my landline was deactivated by mistake during someone else's cancellation
m|service is still blocked a day after I paid the full balance online
t|the TV service was cut over a disputed charge while the dispute was still open
m|my phone got cut off the same day the bill was sent, not even due yet
u|you suspended my account during the billing dispute you told me was on hold
b|internet suspended because of a "security hold", nobody can tell me why
m|service was turned off for non payment while I was on a payment plan you agreed to
f|home phone disconnected without notice, my elderly mother couldn't call for help
m|line restricted to emergency calls only after a system error on your side
m|phone cut off for no reason
""",
    "harassment_privacy": """
m|I keep getting marketing texts from you after I replied STOP
m|your sales team calls me every day about upgrading, stop calling
m|I started getting scam calls right after I signed up, how did my number leak
m|promotional texts at midnight, seriously
b|other providers started calling me the day after my install, you sold my data
u|the store left a copy of my ID on the counter for anyone to see
m|robocalls offering your upgrades all day, put me on your do not call list
u|how does another company know exactly when my contract ends
f|automated sales calls to my home phone every single day
m|I keep getting texts from your partners, I never agreed to share my number
u|a stranger called me by name quoting my account details, how did they get them
u|door to door sales people knew my plan and contract end date
m|spam texts claiming to be from you arrive daily and you do nothing to block them
m|your telemarketers ignore the do not call registry
u|my bill with my full address was emailed to a stranger
m|someone used my details to open a line in my name at one of your stores
b|a technician posted a photo of my home network setup online with my address
u|the store kept a photocopy of my passport without telling me why
m|your "special offers" texts come five times a day, I opted out twice
u|a rep read my full address out loud at the counter with a line of people behind me
m|I get calls about my account from people claiming to be your staff, how do they have my info
u|you shared my email with a marketing partner and now I get spam every day
f|the automated sales line calls my home number at dinner time every day
m|someone got a SIM swap on my number at your store without my ID
u|my neighbour received a letter with my account details and balance
b|your technicians left my router password written on a sticky note in the hallway
m|unwanted promo calls from your retention team after I told them I am leaving, stop
u|a stranger got my billing history from your chat support just by giving my name
m|I asked to be removed from your marketing list and got three more texts the same day
m|I get five texts a week offering me a new phone, I've replied STOP every time
u|my personal information was sent to someone else's email address
u|a rep read my security answers back to a stranger on speakerphone in the store
m|your recorded sales call woke me up at 7am on a Sunday
b|the technician took pictures of my apartment and my documents
u|you sent my account statement to my former landlord
m|I keep getting "account alert" texts that are phishing and use your name, do something
u|someone at your call center gave out my new address to my ex
m|stop the spam texts
m|I've opted out twice and still get "upgrade to 5G for {amt}" texts every day
m|replied STOP weeks ago, the {amt} data pack promo texts keep coming
u|your door-to-door sales people keep knocking offering {amt} off, last time it was 9pm
b|sales calls about {amt} broadband deals every single day, I've said no ten times
u|your promoters at the mall chase people to the car park pushing "{amt} a month phones"
""",
    "other": """
u|the store parking lot is always full of staff cars
u|waited two hours at the store with only one counter open
u|the store opened 40 minutes late today
u|the store has no accessible entrance for wheelchairs
u|your advertising on the bus says unlimited but the small print says otherwise
u|the store was closed during posted hours, twice this week
u|your hold music is the same ten seconds on loop for an hour
u|the store has no place to sit while you wait forever
u|the store's card machine was broken so I could not pay and had to come back
u|your billboard outside my window flashes all night
u|there is no store left in my town, the nearest one is an hour away
u|the waiting room at the store has no heating in winter
u|the store staff blocked the entrance with boxes
u|your flyer left at my door had the wrong store address
u|the line at the store wrapped around the block and nobody managed it
u|the store restroom has been out of order for months
u|your brand ambassador in the mall keeps stopping everyone who walks by
u|the queue ticket machine at the store has been broken all week
u|the store's website says open 24 hours, it closes at 9
u|there's nowhere to park near your only store in town
u|the music in your store is so loud you can't hear the staff
u|your delivery driver left the package in the rain
u|store staff were eating at the counter while customers waited
u|the hold recording keeps telling me to visit the website which is down
u|there are no chairs in the store and the wait is an hour
b|your crew laying fibre dug up my front lawn and left it like that
b|one of your vans blocked my driveway all morning, I couldn't get the car out
b|the engineers left offcuts of cable and packaging all over the stairwell
b|your crew's traffic cones have been outside my house for a week after they finished
b|street works for your cables at 11pm with jackhammers, the kids couldn't sleep
v|years of loyalty points wiped out overnight with no warning
v|half my rewards points have vanished and nobody can tell me where they went
u|the store's ticket system skipped my number and they told me to take a new one
u|half of your advertising board on the high street is hanging off, it's a hazard
u|the store says open till 8 but they pulled the shutters down at 7
u|the store now only serves people with appointments, walk-ins get turned away
""",
}

INQUIRIES = """
m|how do I check how much data I have left
m|what is the cheapest 5G plan you have
m|do I need to turn on roaming before going to Japan and how much is it
m|how do I transfer my number from another carrier
m|I lost my SIM card, how do I get a replacement
m|can I add a second line to my plan
b|how do I renew my internet contract
b|is fiber available at my address
b|can I move my internet service when I move house
b|can I use my own router
f|can I get caller ID on my home phone
t|what channels come with the basic TV package
v|how do I turn off auto-renew for {vas}
u|what are your store hours on weekends
u|what is the status of my complaint
u|what number do I call to reach a real person
u|how do I get a copy of my invoice
m|what is my current balance on {phone}
u|can I get my bill by email instead of paper
m|do I need a new SIM for 5G
m|is there a day pass for data abroad
b|are there any discounts if I renew my internet for two years
b|how much to upgrade to gigabit
t|can I swap my broken remote at the store
u|what time does the store close today
u|what is your customer service email
u|I sent a request on {date}, any update?
m|can I keep my number if I switch to prepaid
m|does my plan include hotspot?
b|how long does a new internet installation usually take
t|which package has the sports channels
v|how do I add someone to my family cloud plan
u|can I pay my bill at the store with cash
f|can I keep my landline number if I move
b|can I pause my internet for a few months while I travel
m|which plan is best for an elderly parent
u|do you have student discounts
t|how many days back can I watch shows on catch-up TV
m|how much data does the cheapest prepaid plan include
b|what speeds are available at my address
f|can I port my landline number to mobile
v|can I share my cloud storage with my family
u|do you offer paperless billing
m|what happens to my plan when my contract ends
m|what plans do you have with unlimited talk and text only
b|do you offer internet without a contract
m|how much does it cost to add a smartwatch to my plan
m|can I use my phone in Mexico without extra charges
b|what router comes with the 500 Mbps plan
t|is there a TV package without sports channels, it would be cheaper right
u|where can I find my account number
u|how long does a refund usually take to show up
m|how do I set up voicemail on a new phone
m|can I change my phone number and how much is it
b|do you have internet plans for students living in dorms
u|is there a fee to pay at the store
f|how do I forward my landline calls to my cell
t|can I watch your TV app on my laptop
v|what does the premium cloud plan include
m|when does my billing cycle start
u|can I get a paper copy of my contract
b|is there a data cap on home internet
m|how do I unlock my phone to use it abroad
u|which documents do I need to open an account
m|does prepaid work with an iPhone I bought elsewhere
b|what's the install fee for new customers
u|can someone else pay my bill for me
t|how do I reset the parental PIN on my TV box
m|do you sell refurbished phones
v|how do I see what subscriptions are on my account
u|how can I update my billing address
"""

SUGGESTIONS = """
m|it would be great if you sent a text when I am close to my data cap
m|you should offer a data only plan for people who never make calls
m|please make roaming cheaper, it is 2026
b|let customers pick a two hour window for technician visits
b|you should let us renew internet contracts in the app
t|please add more HD channels to the basic package
v|the app needs a larger font mode for older customers
u|suggestion: open more counters at the store on weekends
u|your phone menu is too long, add an option to go straight to an agent
u|send a text when my complaint is resolved
b|let us track repair progress in the app
u|please add a seniors counter at the store
v|add a button in the app to cancel all add-ons at once
b|let me see where the technician is on a map in the app
m|spell out clearly whether a plan gets throttled
u|a status page for outages would save a lot of calls
m|let prepaid customers roll over unused data
u|would be nice to get a reminder text a few days before autopay runs
b|maybe offer a cheaper internet tier for people who just browse and email
u|how about letting us pick our own billing date
u|it would help if the app showed my whole bill history, not just six months
t|you could let customers build their own channel list instead of fixed packages
u|it'd be great to book store appointments online
u|idea: a callback option instead of waiting on hold
m|please add a low data alert I can set myself
b|would love a pause option for internet when I go on vacation
u|why not let us chat with support on WhatsApp
v|please let family members share one streaming subscription across lines
u|it would be nice if outage updates came by text
u|put a live queue time on the website so we know how long the wait is
m|maybe a plan with more data and fewer minutes, I never call anyone
t|any chance catch-up TV could go back a full month
u|why don't you open the store on Sundays, half of us work all week
m|would it kill you to add a data-only plan?
u|any chance you could add a callback option instead of 40 minutes of hold music
b|could you text an ETA when the engineer is on the way
u|how about an online queue for the store so I can wait at home instead
u|any chance of a breakdown chart on the bill so we can see where the money goes
t|why not let us skip the ads that play when the cable box starts up
v|could add-ons be opt-in by default instead of opt-out
m|any chance you could let parents set a data cap on a kid's line
u|would be lovely if the store had a few more chairs for older folks
b|could the app let me pick my own install slot when I move house
u|why don't you just email the e-invoice every month instead of making me log in for it
m|could roaming ask me by text before switching on, rather than just turning itself on
u|why not a dedicated seniors line that goes straight to a person
u|would it be possible to pay bills at the post office too, not everyone has a card
m|how about letting unused minutes roll over the way data does
"""

PRAISE = """
b|huge thanks to the technician who came out in the rain and had us back online in 30 minutes
b|the installer was professional and even helped me move the router for better coverage
u|the agent on chat was patient and explained my bill clearly, thank you
u|shout out to the staff at the store, great service today
m|5G speeds in my area are amazing now
t|the installer patiently taught my grandpa how to use the remote
u|my complaint was handled quickly and the problem is solved, very happy
u|thanks for following up, great service
m|coverage is so much better now, I can finally call from the cabin, great job
b|the gigabit upgrade is blazing fast, really happy with it
u|the rep on the phone fixed everything in five minutes, thank you
u|you sent someone out on a Sunday, really appreciate it
m|the store manager moved me to a cheaper plan without me even asking, thank you
b|installer was on time and did a really tidy job with the cables
m|roaming in Europe worked flawlessly, nice job
u|your chat support got me sorted in ten minutes, appreciate it
b|the new fiber is rock solid, haven't had a single drop in months
u|your support agent stayed on the line until everything worked, amazing
m|switching my number over was painless, well done
t|love the new TV box, so much faster than the old one
u|quickest complaint resolution I have ever had with any company
u|the store staff went above and beyond for my mom today
m|signal at the stadium was perfect even with thousands of people
b|installer was friendly, quick, and explained everything
u|thank you for waiving the late fee, really appreciate the understanding
u|was about to ring Ofcom until your team sorted it the same day, top service
b|shoutout to the engineer who came out at 8am and had the broadband back before my first meeting
u|kudos to Priya on the chat team, she sorted my account in ten minutes flat
u|props to the staff at the Main St store, they were slammed and still took their time with my dad
b|fair play to the engineer, he fixed what three others couldn't
u|cheers for sorting that so quickly, proper good service
u|have to commend the agent I spoke to yesterday, patient and actually knew her stuff
m|10/10 experience porting my number, took less than an hour
b|I was ready to complain but the engineer fixed it in 20 minutes
u|was all set to write a stinking complaint and then the supervisor called and made it right, thank you
u|Customer phoned to commend the store manager for resolving a long-running issue
u|Caller wished to commend agent Tom for his follow-up on their complaint
t|the guy who set up our cable box was brilliant with my nan, walked her through everything
m|genuinely impressed, full 5G bars in the middle of a packed stadium
v|cancelled the add-on in one message and got refunded without even asking, that's how it should be
b|after a week of drama with the old router the new one is flawless, well done
u|credit where it's due, you lot turned it around
m|lost my phone abroad and your team had a new SIM waiting at my hotel, legends
f|the engineer fixed my gran's landline and even turned the ringer up for her, lovely bloke
u|best customer service call I've had all year, no joke
b|honestly expected to wait days for the repair, tech was here the same afternoon, impressed
u|big thanks to whoever handled my complaint, the refund landed this morning
"""

OTHERS = """
u|hi
u|hello?
u|anyone there
u|test
u|thanks
u|ok
u|good morning
u|lol
u|nice weather today
u|are you hiring
u|click here to claim your free prize
u|make money from home, dm me
u|wrong chat sorry
u|are you a bot
u|asdfgh
u|good night
u|just browsing
u|oops clicked by accident
u|happy new year
u|can you book me a flight to Boston
u|what should I have for dinner
u|haha that video was hilarious
u|follow me back
u|free gift cards at bit.ly/3xYz
u|cheap designer bags dm me
u|ok thanks bye
u|???
u|brb
u|who won the game last night
u|can you call me a cab
u|is tomorrow a holiday
u|sorry wrong number
u|testing 1 2 3
u|just got off work, so tired
u|anyone want to play some games tonight
u|my cat knocked everything off the table again
u|happy thanksgiving everyone
u|giveaway! retweet to win
u|first
u|great song
u|any good shows to binge this weekend
u|selling a used phone, dm if interested
u|will it rain tomorrow
u|good luck on your exams everyone
u|nice pic
u|who else is watching the game
u|coffee first, then everything else
u|limited offer, earn $500 a day from home, link in bio
u|good evening
u|ok got it
u|k thx
u|never mind
u|cool
u|sounds good
u|yes
u|no
u|thank you so much
u|👍
u|hey there
u|is anyone reading this
u|this is a test message please ignore
u|what's up
u|follow for follow
u|win an iPhone, just click the link
u|crypto signals group, 10x guaranteed, join now
u|what time is it in London
u|happy birthday to my sister!
u|lmao
u|can you recommend a good pizza place
u|omg did you see the game
u|i'm bored
u|merry christmas all
u|hot singles in your area
u|sent from my iphone
u|gotta cook dinner, back in a bit
u|I'm on the train, talk later
u|that's all, thanks, bye
u|hang on, grabbing my ID
u|are you a real person or a robot
u|can you tell me a joke
u|what's your name
u|sorry that was meant for my husband
u|wrong chat, ignore me
u|forward this to 10 friends or you'll have bad luck for a year
u|URGENT pls share: whatsapp will start charging from Monday
u|gotta run, cheers
u|one sec, someone's at the door
u|do you ever get tired of answering questions
"""
