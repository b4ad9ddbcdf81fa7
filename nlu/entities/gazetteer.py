"""Place names the location patterns cannot find on their own (no 路/区/市 suffix to anchor on)."""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set."""
    return frozenset(text.split())


ZH_PLACES: frozenset[str] = word_set(
    # provinces and regions
    "北京 上海 天津 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东"
    " 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏"
    " 宁夏 新疆 香港 澳门"
    # cities
    " 广州 深圳 郑州 武汉 成都 杭州 南京 西安 长沙 沈阳 哈尔滨 济南 青岛 大连 厦门"
    " 福州 昆明 贵阳 南宁 合肥 南昌 太原 石家庄 呼和浩特 兰州 西宁 银川 乌鲁木齐 拉萨"
    " 海口 三亚 苏州 无锡 宁波 温州 东莞 佛山 珠海 洛阳 开封 芒市 台北 高雄 台中"
    " 台南 新北 桃园 新竹 基隆 九龙 新界 旺角 铜锣湾 尖沙咀 沙田 荃湾 屯门 元朗"
    # Beijing gates and well-known neighbourhoods
    " 朝阳门 东直门 西直门 建国门 复兴门 宣武门 崇文门 前门 德胜门 安定门 阜成门"
    " 天安门 永定门 东便门 西便门 中关村 王府井 西单 国贸 三里屯 望京 五道口 回龙观"
    " 天通苑 陆家嘴 徐家汇 五角场 珠江新城 天河 和平路 和平区 和平里"
    # Taiwan and Hong Kong districts written without a suffix (folded to simplified)
    " 板桥 西屯 南屯 北屯 竹北 内湖 士林 北投 永和 新庄 淡水 中坜 左营 凤山 新店 汐止 林口"
    " 观塘 将军澳 葵涌 青衣 大埔 马鞍山 红磡 深水埗 油麻地 佐敦 中环 湾仔 北角 柴湾 东涌"
)

EN_PLACES: frozenset[str] = frozenset(
    {
        "Atlanta",
        "Seattle",
        "New York",
        "New York City",
        "NYC",
        "Los Angeles",
        "Chicago",
        "Houston",
        "Phoenix",
        "Philadelphia",
        "San Antonio",
        "San Diego",
        "Dallas",
        "San Jose",
        "Austin",
        "Denver",
        "Boston",
        "Miami",
        "Portland",
        "Detroit",
        "Baltimore",
        "Washington",
        "Washington DC",
        "Nashville",
        "Las Vegas",
        "Minneapolis",
        "Orlando",
        "Tampa",
        "Sacramento",
        "Pittsburgh",
        "Cleveland",
        "Charlotte",
        "Raleigh",
        "Salt Lake City",
        "Kansas City",
        "St. Louis",
        "New Orleans",
        "San Francisco",
        "Oakland",
        "Brooklyn",
        "Queens",
        "Manhattan",
        "Bronx",
        "Bay Area",
        "Silicon Valley",
        "Hong Kong",
        "Kowloon",
        "Taipei",
        "Kaohsiung",
        "Beijing",
        "Shanghai",
        "Guangzhou",
        "Shenzhen",
        "London",
        "Toronto",
        "Vancouver",
        "California",
        "Texas",
        "Georgia",
        "Florida",
        "Illinois",
        "Ohio",
        "Michigan",
        "Arizona",
        "Colorado",
        "Oregon",
        "Nevada",
        "New Jersey",
        "Pennsylvania",
        "Virginia",
        "Massachusetts",
        "Tennessee",
        "Minnesota",
        "North Carolina",
        "South Carolina",
        "Maryland",
        "Utah",
        "Mong Kok",
        "Tsim Sha Tsui",
        "Causeway Bay",
        "Wan Chai",
        "Sha Tin",
        "Tsuen Wan",
        "Tuen Mun",
        "Yuen Long",
        "Kwun Tong",
        "Taichung",
        "Tainan",
        "Hsinchu",
        "Taoyuan",
    }
)

# Capitalised words after "in"/"near" that are not places (English months, languages, days ...)
EN_NOT_PLACES: frozenset[str] = word_set(
    "January February March April May June July August September October November December"
    " Monday Tuesday Wednesday Thursday Friday Saturday Sunday English Chinese Mandarin Cantonese"
    " Spanish I The My A An This That Your Our It He She We They Total Person Store Writing"
    " Advance Addition Fact General Particular Short Time Order Case Future Cash Full"
    " Internet Wi Fi WiFi Comcast Xfinity Verizon AT Sprint Spectrum Google Apple Amazon"
)
