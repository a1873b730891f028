"""The words of a question: the patterns that name entities by number or by word (measures,
goals, years, classes, confidence, reviews, basis), the question words taken out of a topic, the
cues of what kind of answer is wanted, and the one folding of the text (as the search folds it)."""

from __future__ import annotations

import re

__all__ = ["NUMBERED", "MEASURE_NUMBER", "MEASURE_PLACE", "CURIE", "IRI", "SDG_NUMBER", "YEAR", "CLASS_WORDS", "CLASS_NAMES", "BODY_WORDS",
           "CONFIDENCE_WORDS", "REVIEW_WORDS", "ABOUT_REVIEWS", "BASIS_WORDS", "QUESTION_WORDS", "PUNCTUATION",
           "BASELINE_BEFORE", "BASELINE_AFTER", "DEPENDENCY", "KIND_CUES", "ANSWER_TYPES", "RATIONALE", "ASKS_FIGURE",
           "FIGURE_CLASSES", "FIGURE_KINDS", "EACH", "MEASURES", "ASKS_FOR_MEASURES", "SECTOR_ROLE", "TRADE_OFF", "KEYSTONE", "COUNT", "ASKED_NOT_ABOUT", "CHANGED", "ASKS_CHANGE", "CHANGE_SINCE", "OF_THE_GRAPH", "PART_NUMBER", "TARGET_WORD", "fold_text", "number_of"]


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUM = "[1-9一二三四五六七八九]"
_ORDINAL = rf"第\s*({_NUM})\s*(?:项|个|条)?"  # 第五项承诺 (五项承诺 counts them, names none)
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                "ninth": 9}
# (kind, IRI template, patterns whose group 1 is the number): the printed numbers of goals.
NUMBERED = [
    ("area", "area/{}", [rf"{_ORDINAL}\s*(?:项)?(?:任务领域|任务|领域|部分)", rf"(?:任务领域|任务|领域)\s*({_NUM})",
                          r"\b(?:task\s+)?area\s*([1-9])\b", r"\b([a-z]+)\s+(?:task\s+)?area\b"]),
    ("pledge", "pledge/{}", [rf"{_ORDINAL}\s*(?:项)?承诺", rf"承诺\s*({_NUM})", r"\bpledge\s*(?:no\.?\s*)?([1-9])\b",
                             r"\b([a-z]+)\s+pledge\b"]),
    ("principle", "principle/{}", [rf"{_ORDINAL}\s*(?:项|条)?(?:原则)", rf"原则\s*({_NUM})", r"\bprinciple\s*([1-9])\b",
                                   r"\b([a-z]+)\s+(?:guiding\s+)?principle\b"]),
    ("maintarget", "target/main-{}", [rf"{_ORDINAL}\s*(?:项)?主要(?:预期)?目标", rf"主要(?:预期)?目标\s*({_NUM})",
                                      r"\bmain\s+(?:expected\s+)?target\s*([1-9])\b",
                                      r"\b([a-z]+)\s+main\s+(?:expected\s+)?target\b"]),
]
# A measure's printed number: "6.2", not a figure ("2.4万", "5.0%", "2.5亿") nor part of a longer number.
MEASURE_NUMBER = re.compile(r"(?<![\d.])([1-9])\s*[.．]\s*([1-9])(?!\d|\.\d|\s*(?:%|万|亿|倍|个|家|岁|元|吨|人|亩|公里|分|千))")
# "1.1.1", "行动1.2.3", "target 6.2.1": an action or a target by zjkg's number (its measure's, then
# its place under it), never a measure and a stray digit.
PART_NUMBER = re.compile(r"(?<![\d.])([1-9])\s*[.．]\s*([1-9])\s*[.．]\s*([1-9]\d?)(?![\d.%])")
TARGET_WORD = re.compile(r"(?:目标|指标|\btarget)\s*$")
# "第七部分第4条措施": the fourth measure of task area 7.
MEASURE_PLACE = re.compile(rf"第\s*({_NUM})\s*(?:部分|项任务|个任务领域|任务领域)\s*(?:的)?\s*第\s*({_NUM})\s*(?:条|项|个)")
# In folded (case-folded) text; a dot inside the local name (sdg:13.2), not one ending a sentence.
CURIE = re.compile(r"\b([a-z]+):([a-z0-9](?:[a-z0-9-]|\.(?=[a-z0-9]))*)")
# A UN SDG goal or target by its number: "SDG 13", "SDG target 8.5", "可持续发展目标13", "Sustainable
# Development Goal 7.2". Goals run 1-17; a target is N.M or N.a-c, as the UN numbers them.
SDG_NUMBER = re.compile(r"(?:(?<![a-z0-9])sdgs?|可持续发展目标|sustainable\s+development\s+goals?)\s*(?:target\s*|具体目标\s*|第\s*)?"
                        r"(1[0-7]|[1-9])(?:\s*[.．]\s*(\d{1,2}|[a-c]))?(?!\d|\.\d|[a-z])")
# A whole IRI, as `zjkg query` and the endpoint print them, bare or in <...>: ASCII only (so 的 or
# ？ right after it ends it), and never ending in a sentence's full stop or comma.
IRI = re.compile(r"<?(https?://[A-Za-z0-9._~:/#@!$&*+,;=%-]*[A-Za-z0-9/#_~=-])>?")
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# The report's own counts name its lists: 六个坚持 (its principles), 九大任务 (its task areas).
_COUNTED = r"(?:[一二三四五六七八九十\d]\s*(?:大|项|个|条)\s*)"
CLASS_WORDS = [  # longest first; only read when the query takes a class
    ("Pledge", r"承诺|pledges?"), ("Principle", rf"原则|{_COUNTED}坚持|principles?"),
    ("MainTarget", r"主要(?:预期)?目标|main\s+(?:expected\s+)?targets?"),
    ("TaskArea", rf"任务领域|{_COUNTED}(?:重点)?(?:任务|领域)|task\s+areas?|\b(?:nine|9)\s+(?:major\s+|main\s+)?tasks\b"), ("Measure", r"举措|措施|measures?"), ("Sector", r"部门|sectors?|departments?"),
    ("Action", r"行动|actions?"), ("Indicator", r"指标|indicators?"), ("Observation", r"观测|observations?"),
    ("Target", r"目标|targets?"),
]
CLASS_NAMES = re.compile(rf"{_COUNTED}?(?:承诺|原则|主要(?:预期)?目标)|{_COUNTED}(?:坚持|(?:重点)?任务|领域)|任务领域|部门|\b(?:(?:five|six|nine|[569])\s+(?=guiding|pledges|principles|main|task))?(?:pledges?|principles?|guiding|main\s+(?:expected\s+)?targets?|"
                          r"task\s+areas?|(?:nine|9)\s+(?:major\s+|main\s+)?tasks|sectors?|departments?|break|down)\b")
BODY_WORDS = [("PartyBody", r"党委|党的|市委|\bparty\b"), ("GovernmentDepartment", r"政府部门|government department")]
# "Only high-confidence links": the curated-link filter's minimum (docs/curation.md), by its word.
CONFIDENCE_WORDS = [
    ("high", re.compile(r"(?:只看|仅看|只要|仅限)?(?:高置信度?|置信度(?:为|是)?高|高可信度?)(?:的)?|\bhigh[- ]confidence\b|"
                        r"\b(?:with|of)\s+high\s+confidence\b|\bconfidence\s+(?:is\s+)?high\b")),
    ("medium", re.compile(r"(?:只看|仅看|只要|至少)?(?:中等?置信度?|置信度(?:为|是|至少)?中等?)(?:及以上|以上)?(?:的)?|"
                          r"\b(?:at\s+least\s+)?medium[- ]confidence(?:\s+or\s+(?:better|higher|above))?\b|"
                          r"\b(?:at\s+least|with|of)\s+medium\s+confidence\b")),
    ("low", re.compile(r"低置信度?(?:及以上|以上)?|\blow[- ]confidence\b|\b(?:with|of)\s+low\s+confidence\b")),
]
# Which review, when the question is about the reviews (their themes, headings...): the 2024 review
# (一年来) or the ten-year one (十年来). Without such a word 十年来 only dates an achievement.
REVIEW_WORDS = [
    ("review/2024", re.compile(r"(?:2024\s*年?\s*(?:的)?\s*(?:工作)?|一年来\s*(?:的)?\s*)回顾|一年来|过去一年|去年|\b(?:the\s+)?(?:past|last)\s+year\b|\b(?:the\s+)?2024\s+review\b|"
                               r"\breview\s+of\s+2024\b|\b(?:past|last)[- ]year(?:'s)?\s+review\b|\bone-year\s+review\b")),
    ("review/decade", re.compile(r"十年\s*(?:来)?\s*(?:的)?\s*回顾|十年来|(?:过去|近|这)十年|十年间|"
                                 r"\b(?:the\s+)?(?:past|last)\s+(?:ten\s+years|decade)\b|\bten-year\s+review\b|\bdecade(?:'s)?\s+review\b|"
                                 r"\breview\s+of\s+the\s+(?:past\s+|last\s+)?(?:ten\s+years|decade)\b")),
]
ABOUT_REVIEWS = re.compile(r"回顾|回顧|主题|板块|标题|成就|成绩|成效|取得|\breviews?\b|\bthemes?\b|\bheadings?\b|"
                           r"\bachieve(?:d|ments?)?\b|\baccomplish(?:ed|ments?)?\b")
BASIS_WORDS = [("inferred", r"推断|推定|inferred|inference"),
                ("stated", r"陈述|明确|原文|明文|写明|stated|explicit|\bstates?\b(?!-)")]

# What is left of a question once its entities and its question words are taken out is its topic.
QUESTION_WORDS = re.compile(
    # Politeness says nothing of the topic: "请问……谢谢", "麻烦您帮我查一下", "could you please tell me".
    r"请问|麻烦(?:您|你)?|劳驾|帮(?:我|忙)(?:查|看|找)?(?:一下|查|看)?|查一下|谢谢(?:您|你)?|多谢|您好|你好|"
    r"我想(?:问|知道|了解)(?:一下)?|想(?:知道|了解)|能否|可否|告诉我|"
    r"\b(?:could|would|can|you|your|please|kindly|thanks|thank|hello|hi|i|i'd|i'm|want|wonder|know|let)\b|"
    # The possessive's "s" ("Zhenjiang's GDP", "the city's target") is no word of the topic.
    r"(?<=\w)['’]s\b|"
    # 有 and 是 as the verbs of "有哪些 / 是什么 / 分别是": particles here, not the 有 of 有效.
    r"(?:都|还|共|一共|分别|具体)?(?:有|是)(?=哪|什么|多少|几|谁)|(?:分别|都|具体)?是(?=\s*[？?。]?\s*$)|"
    # The verb right after "which measures" says what they do for the topic, not what it is: 促进就业
    # asked with 促进 found 促进房地产市场止跌回稳 (1.2) before 7.1, the employment measure.
    r"(?<=措施|举措)(?:促进|支持|助推|带动|保障|提升|加强|推进|利于|有利于|有助于|致力于)|"
    r"(?<=\s)(?:和|与|及|同)(?=\s)|"  # between two things named (measures, goals): "措施1.1和措施7.2"
    r"(?:与|和|跟|同)(?=[^，。？?,.]{1,20}?(?:有关|相关))|"  # "与养老有关": the topic is 养老
    r"(?:对|就)(?=[^，。？?,.]{1,12}?说)|说了?(?:些)?(?:什么|哪些)|怎么说|说过|"  # "报告对南京说了什么": the topic is 南京
    r"(?:达到|提升到|下降到|增长到|降到|升到|是|完成)(?=了?\s*(?:多少|几))|"  # 达到多少: how much, not what
    r"由(?=哪|谁)|哪些|哪个|哪项|哪一项|哪里|哪儿|什么|谁|多少(?:项|个|条|类|位|家|万?人(?![口才员民])|名|户|[亿万]?元|万?吨|万?亩|所|座|公里|天|倍)?|几项|几个|是否|有没有|如何|怎么样|怎样|怎么|为什么|具体|提出|取得|成就|成绩|成效|情况|进展|要?靠|镇江(?:市(?![长民委区]))?|我市|全市|"
    r"举措|措施|工作|服务于|(?<![养老公共政务生活社会家庭健康金融商务科技托育医疗文化])服务(?!业)|有助于|助力|支撑|承担|涉及|关注|针对|聚焦|围绕|关于|相关|有关|对应|落实|实现|推动|属于|方面|这一部分|这部分|部分|"
    r"(?:报告|图谱)(?:里|中)|报告|图谱|里面|需要|提到|提及|之间|彼此|相互|互相|存在|只有|仅有|搜索|搜寻|查找|查询|检索|关键词|包含|内容|条目|要靠|主要|哪几条|"
    # Single characters only where they are particles: 中, 有, 在, 和, 对 are inside words (中心, 有效).
    r"的|了|吗|呢|请|一下|列出|显示|目标|"
    r"\b(?:which|what|who|whom|how|many|much|does|do|did|has|have|had|is|are|was|were|the|a|an|of|to|for|in|on|at|by|with|between|"
    r"and|or|that|serve|serves|serving|contribute|contributes|help|helps|support|supports|related|relate|"
    r"measure|measures|mention|mentions|mentioned|search|find|look|up|report|graph|about|everything|entries|entry|"
    r"containing|contain|keyword|me|show|list|tell|there|any|all|goal|goals|target|targets|where|deal|deals|"
    r"concern|concerns|planned|plan|city|zhenjiang|promote|promotes|promoting|boost|boosts|boosting|foster|fosters|achieve|achieved|achievements?|over|entries|look|lookup|belong|belongs|task|area|areas)\b|任务领域|领域")  # in folded text
PUNCTUATION = re.compile(r"[\s\?？!！。，,、；;：:“”\"'‘’《》()（）\[\]【】「」『』]+|\.(?!\d)")


def fold_text(text: str) -> str:
    from ..ranking import fold

    # One spelling of a word written three ways, so that "tradeoffs" meets the examples' "trade-offs".
    return _TRADEOFF.sub(r"trade-off\1", fold(text))


_TRADEOFF = re.compile(r"\btradeoff(s?)\b")


def number_of(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _CN_DIGITS.get(word) or _EN_ORDINALS.get(word.lower())


BASELINE_BEFORE = re.compile(r"(?:比|较|与|和|同|低于|高于|超过|不及|against|compared?\s+(?:with|to)|than(?:\s+in)?|over|versus|vs\.?|below|above)"
                             r"(?:\s+the)?\s*$")
BASELINE_AFTER = re.compile(r"\s*(?:的)?(?:基线|基数|基期|相比|比|baselines?)")
# What rests on what: a question about dependencies (its words say so, they are no topic).
DEPENDENCY = re.compile(r"依赖|依靠|以(?:\s|哪些|什么|哪项|哪几项|哪个|措施|举措)*为\s*前提|前提(?:条件)?|先推进|推进不力|拖累|停滞|受阻|落空|难以为继|难以推进|(?:会|将)?受影响|(?:会|将)?影响(?=哪些|什么|到)|如果|"
                        r"depend(?:s|ed|ing|encies|ency)?\b|rel(?:y|ies|ied|ying)\s+on\b|prerequisites?\b|rests?\s+on|(?:put\s+)?at risk(?:\s+if)?|stall(?:s|ed|ing)?\b|held back|hold back")
# What a named department does for measures, leading them or not ("市财政局支持哪些措施"): a
# department cue, and no topic, only when the question names a department, for a measure
# 支持 (supports) a topic too ("哪些措施支持跨境电商").
SECTOR_ROLE = re.compile(r"牵头|负责|配合|支持|参与|协助|协同|\blead(?:s|ing)?\b|support(?:s|ed|ing)?\b|assist(?:s|ed|ing)?\b|take part|participat\w*")
# A trade-off between measures: what measure-conflicts lists, and never a policy's topic (矛盾 or
# conflict may be one: 矛盾纠纷化解).
TRADE_OFF = re.compile(r"权衡|取舍|此消彼长|(?:有|存在)(?:什么|哪些|何种?)?(?:矛盾|冲突)|(?:矛盾|冲突)(?:吗|么|呢)|是否(?:相互)?(?:矛盾|冲突)|\btrade[- ]?offs?\b|\btrad(?:e|es|ing)\s+off\b|"
                       # ... and the English verb and noun, which the report's English never uses of its own content
                       r"\bconflict(?:s|ing|ed)?\b|\bclash(?:es|ing)?\b")
# The keystones: the measures most others rest on (keystone-measures), never a topic. 关键 alone is
# the report's own word (关键核心技术, 关键堵点): only 关键举措 and 最关键 are asked this way.
KEYSTONE = re.compile(r"关键(?:的)?(?:举措|措施)|最为?关键|最为?(?:重要|核心)的?(?:举措|措施)|(?:被|受)?依赖(?:得)?最多|被最多的?(?:举措|措施)依赖|"
                      r"最多(?:的)?(?:举措|措施)(?:的)?前提|影响(?:面)?最大|拖累(?:的)?(?:举措|措施)?最多|"
                      r"\bkeystones?\b|\bmost\s+(?:important|central|critical|depended[- ]on)\b|\bdepended\s+on\s+(?:the\s+)?most\b|"
                      r"\bmost\s+(?:other\s+measures|others)\b|\bmost\s+(?:other\s+)?measures\s+(?:depend|depending|rest|resting)\b|\b(?:biggest|largest|widest)\s+(?:impact|knock-on)\b")
# Words shared by a cue and by what is taken out of a topic (ASKED_NOT_ABOUT), written once.
_WHO_LEADS = r"部门|牵头|配合|负责|承担|由谁"
_COMPARED = r"相比|(?:低|高|提高|降低|减少|增加|变化了?)多少"
_SDG_WORDS = r"可持续发展目标|联合国|(?<![a-z0-9])sdgs?(?![a-z])"  # 实现SDG: no word boundary after a Chinese character
# "How many actions": a count of a class's entities, not a figure of the report (nor a topic).
COUNT = re.compile(r"(?:一共|共|总共)?有?\s*(?:多少|几)\s*(?:项|个|条|类|位|家)?\s*(?:具体)?\s*(?:举措|措施|行动|承诺|原则|目标|指标|部门|任务|领域|观测|实体)|"
                   r"(?:举措|措施|行动|承诺|原则|指标|部门|实体)\s*(?:各|一共|共|总共)?\s*有\s*(?:多少|几)\s*(?:项|个|条|类|位|家)?\s*[?？。]?\s*$|"  # "实体各有多少个"
                   r"\bhow\s+many\s+(?:\w+\s+)?(?:measures|actions|pledges|principles|targets|indicators|sectors|"
                   r"departments|tasks|areas|observations|entities)\b")
# The words of cues that say what is asked, never what about: who leads, no numeric target,
# compared with, the SDGs (taken out of the topic; 矛盾 of a conflict may be a topic, 矛盾纠纷化解).
ASKED_NOT_ABOUT = re.compile(
    rf"{_WHO_LEADS}|\bdepartments?\b|\bbureaus?\b|\bleads?\b|\bresponsible\b|"
    r"(?:没有|没|无|缺少|缺乏|不含)[^，,。？?\s]{0,4}(?:量化|定量|数字|数值|具体数)(?:目标|指标)?|定性|"
    rf"{_COMPARED}|{_SDG_WORDS}|"
    # "does the report give / state", "did the city set": who says it, not what it is about
    r"\b(?:does|do|did)\s+(?:the\s+)?(?:report|city|government|zhenjiang)\s+(?:itself\s+)?(?:give|set|state|say|list|aim\s+to|plan\s+to|want\s+to)\b")
# The words of a change: with a year the reviews' figures are compared with, they ask for that
# comparison ("比2014年提高了多少", "what has changed since 2014"), where "2014年以来取得了哪些成就"
# asks for the ten-year review whole.
_CHANGE = (r"变化|提高|提升|上升|下降|降低|增长|增加|减少|(?:几|多少)?倍|\b(?:change[sd]?|changing|rise[ns]?|rose|fell|fallen|falls?|gr[eo]wn?|grows?|"
           r"increased?|decreased?|declined?|improved?)\b")
CHANGED = re.compile(_CHANGE)
# ... and a rate of change asked by its noun ("地区生产总值增速", "GDP growth"): a change, not a level.
ASKS_CHANGE = re.compile(_CHANGE + r"|增速|增幅|增长率|涨幅|降幅|\bgrowth\b|新增|新认定|新引进|新建|新开|新签约|\bnew(?:ly)?\b")
# ... and then those words, and the comparison's beside the year (blanked out by then: 比 and 以来
# are the words beside that blank), ask how it changed, not about what.
CHANGE_SINCE = re.compile(rf"(?:比|较|与|和|同|自|从)(?=\s)|(?<=\s)(?:以来|来|相比|之后)|\b(?:since|compared|than|versus|vs)\b|{_CHANGE}")
# Words that say what kind of answer is wanted, each a cue for the queries that give it (routing).
KIND_CUES = [
    ("dependency", DEPENDENCY),
    # "support" alone is no department's: "which measures support the elderly" asks for measures.
    ("department", re.compile(rf"{_WHO_LEADS}|department|bureau|\blead|responsible")),
    ("action", re.compile(r"行动|项目|做法|具体|步骤|要做|\bactions?\b|\bprojects?\b|\bsteps?\b|in practice|concrete")),
    ("plan", re.compile(r"要|力争|计划|目标|预期(?!寿命)|\baim|\bshould\b|\bplanned\b|\btargets?\b|\bgoal")),
    ("past", re.compile(r"了|一年来|十年来|过去|\bwas\b|\bwere\b|\bdid\b|achieved|reached|\bpast\b")),
    # What the answer is about: "which measures deal with / concern / are about X" asks for X's measures.
    ("about", re.compile(r"涉及|关注|关于|有关|针对|聚焦|围绕|服务于|有助于|助力|\b(?:deal|deals|dealing)\s+with\b|"
                         r"\b(?:is|are)\s+about\b|\bconcern(?:s|ing)?\b|\baddress(?:es|ing)?\b|\btackl(?:e|es|ing)\b|"
                         r"\binvolv(?:e|es|ing)\b|\bcover(?:s|ing)?\b|\bfocus(?:es)?\s+on\b|\brelat(?:e|es|ing)\s+to\b|"
                         r"\bserv(?:e|es|ing)\b|\bcontribut(?:e|es|ing)\s+to\b")),
    # "Which measures have no numeric target?": targets only in words.
    ("unquantified", re.compile(r"(?:没有|没|无|缺少|缺乏|不含)[^，,。？?]{0,4}(?:量化|定量|数字|数值|具体数)|定性|只有文字|"
                                r"\b(?:no|without|lacks?|lacking)\s+(?:any\s+)?(?:numeric|numerical|quantitative|quantified|"
                                r"figures?|numbers?)\b|\bqualitative\b|only in words")),
    # A target against its baseline: "比2024年低多少", "how far below the 2024 growth", "compare with 2024".
    ("compare", re.compile(rf"{_COMPARED}|\bcompare[sd]?\b|\bhow far (?:below|above)\b|"
                           r"\b(?:below|above|lower than|higher than)\b|\bdiffer\b|\bchanged? against\b")),
    ("count", COUNT),
    ("keystone", KEYSTONE),
    ("sdg", re.compile(rf"{_SDG_WORDS}|sustainable development goals?")),
    ("conflict", re.compile(rf"冲突|制约|矛盾|争夺|抢占|\bconflict|\bcompet(?:e|es|ing)\b|pull(?:s)? against|{TRADE_OFF.pattern}")),
]
# What the answer is, by the noun the question asks for ("what concrete actions...", "which goals
# does... serve", "what is measure 4.3 for"): stronger than a cue word anywhere in the question.
ANSWER_TYPES = [
    ("action", re.compile(r"(?:哪些|什么|哪几[项个条]?)(?:具体)?(?:行动|项目|做法|步骤)|"
                          r"\b(?:which|what)\s+(?:[a-z]+\s+)?(?:actions|projects|steps)\b")),
    ("purpose", re.compile(r"(?:服务于?|对应|指向)(?:哪些|什么)(?:目标|承诺)|为了什么|目的(?:是|何在)|"
                           r"\b(?:which|what)\s+goals?\b|\bwhat\s+(?:is|are)\s+\S.*\s+for\W*$|\bpurpose\b")),
    ("dependency", re.compile(r"(?:哪些|什么)(?:依赖关系|依赖|前提)|\b(?:which|what)\s+(?:[a-z]+\s+)?(?:dependencies|prerequisites)\b")),
]
RATIONALE = re.compile(r"依据|理由|原因|为什么|why|rationale|basis|reason")
# A question that asks for a figure: only then is its topic read as naming a target or a figure.
ASKS_FIGURE = re.compile(r"多少|几|比率|比重|占比|率|目标|达到|增长|下降|\bhow (?:many|much|fast|far)\b|\bwhat (?:is|was|are|were)\b|"
                          r"\bshare\b|\brate\b|\bfigure|\btarget|\breach|\bgrow|\baim\b")
FIGURE_CLASSES = {"Target": "target", "MainTarget": "maintarget", "Observation": "observation"}
FIGURE_KINDS = set(FIGURE_CLASSES.values())  # the entity a figure question is about: strong evidence of its query


EACH = re.compile(r"每一?[项条个类位]?|各[项条个类]?|所有|全部|分别|逐一|\b(?:each|every|all)\b|break\b.*\bdown|\bby\s+(?:pledge|principle|main target|guiding principle)")


MEASURES = re.compile(r"措施|举措|\bmeasures?\b")
# Words that ask about the graph itself (its classes, entities, links, quotes, search): a question
# with one asks something zjkg answers even when its other words are not the report's
# ("列出全部举措的编号和名称", "What is the workload of each department?").
OF_THE_GRAPH = re.compile("|".join(pattern for _, pattern in CLASS_WORDS) +
                          r"|图谱|实体|引文|原文|报告|连接|连线|关联|关系|策展人?|\bcurat(?:ed|ion|or)\b|\bgraph\b|\bentit|\bquotes?\b|\bsearch|\breport\b|\blinks?\b")
# "Which measures ...": measures are what is asked for, so words of the question name no measure.
ASKS_FOR_MEASURES = re.compile(r"哪些(?:措施|举措)|什么(?:措施|举措)|哪几条措施|(?:措施|举措)有哪些|有哪些(?:措施|举措)|"
                                r"多少项?(?:措施|举措)|几项(?:措施|举措)|"
                                r"\b(?:which|what|how many)\s+measures\b|\bmeasures\s+(?:are|that|which)\b")
