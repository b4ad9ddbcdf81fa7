"""English phrase bank (Hong Kong, US and UK customers). Same line format as bank_hans.py."""

COMPLAINTS = {
    "billing": """
m|my bill this month is {amt} higher and I used the same as always
m|you charged me {amt} in overage fees without a single warning text
m|got back from vacation to {amt} in roaming charges, the travel pass never kicked in
m|there is a {amt} "miscellaneous fee" on my statement and nobody can explain it
m|I topped up {amt} on {date} and the balance never changed
m|why am I still being billed for a line I cancelled months ago
m|the promo price was {amt} a month and now it jumped without notice
m|you hit me with a {amt} early termination fee nobody mentioned at signup
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
b|the late fee was charged even though my payment posted on time
m|my prepaid top-up of {amt} disappeared from my balance
v|charged {amt} for a streaming bundle that was supposed to be included
m|my contract auto-renewed onto a pricier plan and now I pay {amt} more a month
m|I was billed the monthly fee for the months my line was suspended
b|you started charging monthly while my prepaid year of internet was still running
u|the paperless invoice never arrives so I cannot expense it
m|a {amt} activation fee showed up on a line I added online where it said no fees
b|the bundle discount disappeared from my statement and my total jumped {amt}
m|I was charged for international texts I never sent
f|there is a {amt} charge for directory assistance calls nobody made
t|the equipment fee for a second box I returned months ago is still on every statement
u|you applied my payment to the wrong account and now I have a late fee
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
m|the store manager yelled at me in front of other customers
u|support told me it is a system issue and I should figure it out myself
u|the store clerk mocked me in front of other customers
u|after I complained a manager called and basically told me to stop complaining
u|the chat agent closed the conversation on me while I was still typing
u|the phone rep refused to give me a reference number and got snippy
u|the store staff would not help me because I did not have an appointment, the store was empty
u|I have explained the same issue to six different agents and none of them read the notes
u|the agent said he would escalate and then just ended the call
u|support keeps reading me a script instead of listening
m|the rep in the store refused to explain the charges and walked away
""",
    "handling_error": """
m|I downgraded my plan in store and got billed at the old rate again
m|my number port has been stuck for two weeks
m|the sales rep said unlimited data with no throttling, I got throttled at 40GB
m|the replacement SIM does not work because the store typed my number wrong
m|the promised bill credit for trading in my phone never showed up
m|you cancelled the wrong line on my account
b|my speed upgrade was confirmed but the system still has the old plan
b|the retention offer I was promised on the phone is not on my account
f|I asked to suspend my landline and you suspended my mobile number instead
u|your salesperson lied about the contract terms to get me to sign
u|my name and address are wrong on the account and nobody will correct them
m|the rep promised a loyalty discount that never got applied
u|you merged my account with someone else's and now I see their lines
m|I asked to keep my number on hold and the store cancelled it instead, number gone
m|I topped up the wrong number and you refuse to refund or move it
m|my ID details were entered under someone else's name and three corrections later it is still wrong
m|the rep set up my new line on the wrong plan even though I read the plan name to him
m|my number was ported to the wrong account and now someone else gets my calls
b|the move order was entered for the wrong address
m|the trade-in credit was applied at half the value the store quoted
m|the rep swore my old plan would carry over on the upgrade and it did not
m|I was told the phone was paid off but you are still charging installments
b|you processed my cancellation on the wrong date so I paid for an extra month of internet
m|my account PIN was reset by the store without my request and now I am locked out
u|you sent my final bill to my old address after I updated it twice
m|the promotion I signed up for was never attached to my account
b|the order for a faster tier was cancelled on your end and nobody told me
m|my family plan lines were split into separate accounts by mistake
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
""",
    "suspension": """
m|my line was suspended even though I have credit on the account
m|you cut off my phone over a {amt} balance without any notice
m|paid the overdue amount two hours ago and my service is still not restored
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
""",
    "harassment_privacy": """
m|I keep getting marketing texts from you after I replied STOP
m|your sales team calls me every day about upgrading, stop calling
m|I started getting scam calls right after I signed up, how did my number leak
m|promotional texts at midnight, seriously
b|other providers started calling me the day after my install, you sold my data
u|the store left a copy of my ID on the counter for anyone to see
m|robocalls offering your upgrades all day, put me on your do not call list
m|how does another company know exactly when my contract ends
f|automated sales calls to my home phone every single day
m|I keep getting texts from your partners, I never agreed to share my number
u|a stranger called me by name quoting my account details, how did they get them
b|door to door sales people knew my plan and contract end date
m|spam texts claiming to be from you arrive daily and you do nothing to block them
m|your telemarketers ignore the do not call registry
u|my bill with my full address was emailed to a stranger
m|someone used my details to open a line in my name at one of your stores
b|a technician posted a photo of my home network setup online with my address
u|the store kept a photocopy of my passport without telling me why
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
m|can I get my bill by email instead of paper
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
m|do you have student discounts
t|how many days back can I watch shows on catch-up TV
m|how much data does the cheapest prepaid plan include
b|what speeds are available at my address
f|can I port my landline number to mobile
v|can I share my cloud storage with my family
u|do you offer paperless billing
m|what happens to my plan when my contract ends
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
"""

PRAISE = """
b|huge thanks to the technician who came out in the rain and had us back online in 30 minutes
b|the installer was professional and even helped me move the router for better coverage
m|the agent on chat was patient and explained my bill clearly, thank you
m|shout out to the staff at the store, great service today
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
"""
